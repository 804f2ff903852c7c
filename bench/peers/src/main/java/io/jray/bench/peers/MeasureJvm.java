package io.jray.bench.peers;

import io.jray.bench.BenchSettings;
import io.jray.bench.ForkedRunner;
import io.jray.bench.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs one measure in a JVM of its own ({@link PeersMain} {@code --in-this-jvm}), as {@code jray microbenchmark}
 * runs each workload in a driver of its own: one measure's garbage, JIT profile and threads cannot skew the next.
 * Its stdout (the result line) and stderr are copied to this command's; a measure that overruns its time
 * ({@link ForkedRunner#timeout}) is ended. Called from one thread.
 */
final class MeasureJvm {
  private final BenchSettings settings;
  private final PrintWriter out;
  private final PrintWriter err;

  MeasureJvm(BenchSettings settings, PrintWriter out, PrintWriter err) {
    this.settings = settings;
    this.out = out;
    this.err = err;
  }

  /** Whether the measure ran and printed its line (its JVM exited 0). */
  boolean run(Workload measure) throws IOException, InterruptedException {
    String name = measure.name();
    // The Hazelcast peer's options: the measure's JVM may be its client.
    Process process = Processes.start(new ProcessBuilder(JavaCommand.of(PeersMain.class, HazelcastOptions.JVM_OPTIONS,
        List.of("--in-this-jvm", "--warmup=" + seconds(settings.warmup()), "--duration=" + seconds(settings.duration()),
            "--scale=" + settings.scale(), name))));
    CompletableFuture<Void> outEnded = Lines.drain(process.getInputStream(), "peers-out-" + name, copyTo(out));
    CompletableFuture<Void> errEnded = Lines.drain(process.getErrorStream(), "peers-err-" + name, copyTo(err));
    Duration timeout = ForkedRunner.timeout(settings);
    boolean exited;
    try {
      exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      Processes.end(process); // at once when it has exited
    }
    try {
      CompletableFuture.allOf(outEnded, errEnded).get(PeerSettings.STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // something it started still holds a pipe; its own lines have all come
    }
    if (!exited) {
      copyTo(err).accept(name + " failed: it did not finish within " + timeout.toSeconds()
          + " s and was stopped");
      return false;
    }
    return process.exitValue() == 0;
  }

  private static Consumer<String> copyTo(PrintWriter writer) {
    return line -> {
      synchronized (writer) {
        writer.println(line);
        writer.flush();
      }
    };
  }

  private static String seconds(Duration d) {
    return String.valueOf(d.toMillis() / 1000.0);
  }
}
