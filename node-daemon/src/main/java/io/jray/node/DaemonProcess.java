package io.jray.node;

import io.jray.runtime.process.JvmFlags;
import io.grpc.ManagedChannel;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.files.PrivateFiles;
import io.jray.runtime.process.ProcessRecord;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HealthProbe;
import io.jray.runtime.rpc.RpcChannels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One daemon JVM the launcher started: how it was started, and waiting until it answers its health check.
 * Its stdout and stderr go to {@code logs/<daemon>.out|.err}; the token goes through the environment, never
 * the command line (which every user can read in ps).
 */
public final class DaemonProcess {
  /** A daemon that cannot start prints its one sentence behind this on stderr; the launcher quotes it. */
  public static final String FATAL_PREFIX = "jray fatal: ";
  private static final long POLL_MS = 20;

  private final DaemonKind kind;
  private final SessionLayout layout;
  private final Process process;
  private final List<String> command;
  private final ProcessRecord record;

  private DaemonProcess(DaemonKind kind, SessionLayout layout, Process process, List<String> command) {
    this.kind = kind;
    this.layout = layout;
    this.process = process;
    this.command = command;
    this.record = ProcessRecord.of(process.pid()).orElse(new ProcessRecord(process.pid(), -1));
  }

  static DaemonProcess spawn(DaemonKind kind, SessionLayout layout, AuthToken token, Map<String, String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.addAll(JvmFlags.javaCommand());
    command.addAll(Arrays.asList(JrayConfig.DAEMON_JVM_OPTIONS.get().trim().split("\\s+")));
    command.add("-Xmx" + JrayConfig.DAEMON_MAX_HEAP.get());
    command.addAll(JrayConfig.overridesAsJvmFlags());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(kind.mainClass());
    command.add("--port-file=" + layout.portFile(kind));
    args.forEach((k, v) -> command.add("--" + k + "=" + v));
    // The daemon writes these files itself, rotating them (DaemonHost); the redirects (appending, as the daemon's
    // own writes do) catch what the JVM prints before that and natively.
    command.add("--log-out=" + layout.stdout(kind));
    command.add("--log-err=" + layout.stderr(kind));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(PrivateFiles.logFile(layout.stdout(kind))))
        .redirectError(ProcessBuilder.Redirect.appendTo(PrivateFiles.logFile(layout.stderr(kind))));
    builder.environment().put(AuthToken.ENV_TOKEN, token.value());
    return new DaemonProcess(kind, layout, builder.start(), command);
  }

  DaemonKind kind() {
    return kind;
  }

  ProcessRecord record() {
    return record;
  }

  NodeFile.Daemon describe() {
    return new NodeFile.Daemon(kind.name(), record.pid(), record.startTicks(), command);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the port file and a SERVING health answer at {@code host}; returns the daemon's port. */
  int awaitReady(String host, AuthToken token, long deadlineMs) throws NodeStartException {
    Path portFile = layout.portFile(kind);
    int port = -1;
    while (port < 0) {
      if (!process.isAlive()) {
        throw exited();
      }
      if (Files.exists(portFile)) {
        try {
          port = Integer.parseInt(Files.readString(portFile, StandardCharsets.UTF_8).trim());
        } catch (IOException | NumberFormatException e) {
          port = -1;
        }
      }
      if (port < 0) {
        pause(deadlineMs);
      }
    }
    ManagedChannel channel = RpcChannels.open(host, port);
    try {
      while (true) {
        HealthProbe.Result result = HealthProbe.check(channel, token, 2000);
        if (result == HealthProbe.Result.SERVING) {
          return port;
        }
        if (!process.isAlive()) {
          throw exited();
        }
        pause(deadlineMs);
      }
    } finally {
      RpcChannels.close(channel);
    }
  }

  private void pause(long deadlineMs) throws NodeStartException {
    if (System.currentTimeMillis() > deadlineMs) {
      throw new NodeStartException("The " + kind.displayName() + " did not start within "
          + JrayConfig.DAEMON_START_TIMEOUT_MS.get() / 1000 + " s; see " + layout.stderr(kind) + ".");
    }
    try {
      Thread.sleep(POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NodeStartException("Interrupted while starting the " + kind.displayName() + ".");
    }
  }

  private NodeStartException exited() {
    return new NodeStartException("The " + kind.displayName() + " exited during start-up" + lastError()
        + "; see " + layout.stderr(kind) + ".");
  }

  /** The last meaningful line of the daemon's stderr, to put the cause in the one sentence the user sees. */
  private String lastError() {
    try {
      List<String> lines = Files.readAllLines(layout.stderr(kind), StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        String line = lines.get(i).trim();
        if (line.startsWith(FATAL_PREFIX)) {
          return ": " + line.substring(FATAL_PREFIX.length()).replaceFirst("\\.$", "");
        }
        if (line.startsWith("Caused by: ") || line.startsWith("Exception in thread")) {
          return " (" + line.replaceFirst("^Exception in thread \"main\" ", "").replaceFirst("^Caused by: ", "") + ")";
        }
      }
    } catch (IOException e) {
      // no log: say nothing more
    }
    return "";
  }
}
