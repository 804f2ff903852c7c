package io.jray.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A second local account for one test class, the "other user" of the local-users attacks (issue 15): made with
 * {@code useradd} under a unique name, commands run as it with {@code runuser -u}, removed with
 * {@code userdel -r} by {@link #close()} (call it in a finally / afterAll, so a failed test removes it too).
 * Needs root; {@link #create()} fails, never skips, when the tools are missing. Also makes a folder anyone may
 * write, as /tmp is, for the account to plant things in.
 */
public final class LocalAccount implements AutoCloseable {
  private static final long COMMAND_TIMEOUT_S = 30;
  private final String name;
  private final List<Path> sharedDirs = new ArrayList<>();

  private LocalAccount(String name) {
    this.name = name;
  }

  /** Whether this JVM runs as root: the tests of other users' files run exactly then. */
  public static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  public static LocalAccount create() {
    String name = "jrt" + HexFormat.of().formatHex(randomBytes(5));
    exec(List.of("useradd", "--create-home", "--shell", "/bin/sh", name));
    return new LocalAccount(name);
  }

  public String name() {
    return name;
  }

  /** Runs {@code sh -c script} as this account and fails the test unless it exits 0. */
  public void sh(String script) {
    exec(List.of("runuser", "-u", name, "--", "/bin/sh", "-c", script));
  }

  /** A fresh folder under java.io.tmpdir that every user may write (0777), removed by {@link #close()}. */
  public Path sharedDir() {
    try {
      Path dir = Files.createTempDirectory("jray-shared-");
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      sharedDirs.add(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      for (Path dir : sharedDirs) {
        exec(List.of("rm", "-rf", "--one-file-system", dir.toString()));
      }
    } finally {
      exec(List.of("userdel", "-r", name));
    }
  }

  private static void exec(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(COMMAND_TIMEOUT_S, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not end within " + COMMAND_TIMEOUT_S + " s");
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, process.exitValue(), () -> command + " failed: " + output);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command + " (needed to act as a second local user): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
