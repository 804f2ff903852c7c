package io.jray.objectstore;

import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HostPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The object store daemon ({@link ObjectStoreMain}) as its own JVM, started the way the node launcher starts it
 * (the daemons' JVM options, the token in the environment, a port file), with its shm folder under
 * /dev/shm/jray-test-&lt;random&gt;. {@link #close} ends it by its pid and removes its folders.
 */
final class StoreProcess implements AutoCloseable {
  final Path shmDir;
  final Path spillDir;
  final AuthToken token;
  final Process process;
  private final Path portFile;
  private final Path log;

  private StoreProcess(Path shmDir, Path spillDir, AuthToken token, Process process, Path portFile, Path log) {
    this.shmDir = shmDir;
    this.spillDir = spillDir;
    this.token = token;
    this.process = process;
    this.portFile = portFile;
    this.log = log;
  }

  static StoreProcess start(String prefix, long capacity) throws IOException {
    String name = prefix + HexFormat.of().formatHex(randomBytes(6));
    Path shmDir = Path.of("/dev/shm", name);
    Path spillDir = Path.of(System.getProperty("java.io.tmpdir"), name + "-spill");
    Path portFile = Path.of(System.getProperty("java.io.tmpdir"), name + ".port");
    Path log = Path.of(System.getProperty("java.io.tmpdir"), name + ".log");
    AuthToken token = AuthToken.of(HexFormat.of().formatHex(randomBytes(16)));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(JrayConfig.DAEMON_JVM_OPTIONS.get().trim().split("\\s+")));
    command.add("-Xmx" + JrayConfig.DAEMON_MAX_HEAP.get());
    command.addAll(JrayConfig.overridesAsJvmFlags());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), ObjectStoreMain.class.getName(),
        "--port=0", "--port-file=" + portFile, "--shm-dir=" + shmDir, "--spill-dir=" + spillDir,
        "--capacity-bytes=" + capacity));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put(AuthToken.ENV_TOKEN, token.value());
    return new StoreProcess(shmDir, spillDir, token, builder.start(), portFile, log);
  }

  /** Waits for the daemon's port file (written once it serves) and returns its address. */
  HostPort awaitAddress(long timeoutMs) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the object store daemon exited with " + process.exitValue() + ": "
            + Files.readString(log, StandardCharsets.UTF_8));
      }
      if (Files.exists(portFile)) {
        return new HostPort("127.0.0.1", Integer.parseInt(Files.readString(portFile, StandardCharsets.UTF_8).trim()));
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the object store daemon did not start within " + timeoutMs + " ms");
  }

  /** Asks the daemon to stop (SIGTERM), as jray stop does, and waits for it; true if it ended in time. */
  boolean terminate(long timeoutMs) throws InterruptedException {
    process.destroy();
    return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
  }

  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } finally {
      SharedMemoryDir.deleteTree(shmDir);
      SharedMemoryDir.deleteTree(spillDir);
      Files.deleteIfExists(portFile);
      Files.deleteIfExists(log);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
