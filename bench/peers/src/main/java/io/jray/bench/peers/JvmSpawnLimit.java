package io.jray.bench.peers;

import io.jray.bench.Trial;
import io.jray.bench.Workload;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * limit_jvm_spawn: JVMs started and exited per second, one at a time, each running a main that returns at once,
 * with the JVM options and class path of jray's benchmark drivers: what starting a worker JVM costs at least.
 */
final class JvmSpawnLimit {
  private JvmSpawnLimit() {}

  /** The spawned JVM's main: nothing, so the figure is the JVM's own start and exit. */
  public static final class Exit {
    private Exit() {}

    public static void main(String[] args) {}
  }

  static Workload spawn() {
    return Workload.of("limit_jvm_spawn", s -> {
      ProcessBuilder java = new ProcessBuilder(JavaCommand.of(Exit.class, List.of(), List.of()))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectErrorStream(true);
      return Trial.of(1, () -> {
        Process process = Processes.start(java);
        try {
          if (!process.waitFor(PeerSettings.START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("a JVM did not exit within " + PeerSettings.START_TIMEOUT.toSeconds() + " s");
          }
          if (process.exitValue() != 0) {
            throw new IllegalStateException("a JVM exited with code " + process.exitValue());
          }
        } finally {
          Processes.end(process); // at once when it has exited; by force when it hangs
        }
      });
    });
  }
}
