package io.jray.bench;

import io.jray.runtime.process.JvmFlags;
import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import io.jray.runtime.config.JrayConfig;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs each workload in a driver JVM of its own ({@link BenchDriver}) on the cluster at {@code address}, as
 * JMH forks per benchmark: one workload's garbage (the owner keeps every object it made), JIT profile and
 * leases cannot skew the next, the driver runs with full JIT whatever JVM started it (the jray command runs
 * C1 only, for start-up), and a workload that hangs is killed after {@link #timeout()} and reported. Each
 * driver writes its result to {@code <runDir>/<workload>.json} and its output to {@code <runDir>/<workload>.log},
 * kept when the workload failed; the run dir on its command line also tells whose driver a process is. Called
 * from one thread; {@link #close()} may come from another (a shutdown hook).
 */
public final class ForkedRunner implements WorkloadRunner, AutoCloseable {
  /** The JVM options of a benchmark driver (the workers' default collector: throughput over pauses). */
  public static final List<String> DRIVER_JVM_OPTIONS = List.of("-XX:+UseParallelGC", "-Xshare:auto");
  /** Time for a driver to start, connect and set its workload up, on top of its warm-up and rounds. */
  static final Duration START_AND_SETUP_ALLOWANCE = Duration.ofSeconds(120);

  private final String address;
  private final BenchSettings settings;
  private final Path runDir;
  private volatile Process current;
  private volatile boolean closed;

  public ForkedRunner(String address, BenchSettings settings, Path runDir) {
    this.address = address;
    this.settings = settings;
    this.runDir = runDir;
  }

  /**
   * How long one driver may take before it is killed: twice its warm-up and rounds (a round ends after its
   * last call), plus start-up.
   */
  public Duration timeout() {
    return timeout(settings);
  }

  /** How long a driver running with {@code settings} may take; see {@link #timeout()}. */
  public static Duration timeout(BenchSettings settings) {
    return settings.warmup().plus(settings.duration()).multipliedBy(2).plus(START_AND_SETUP_ALLOWANCE);
  }

  @Override
  public Result run(Workload workload) {
    // Ray's names may hold a '/' (placement_group_create/removal): not a folder here.
    String file = workload.name().replace('/', '_');
    Path log = runDir.resolve(file + ".log");
    Path resultFile = runDir.resolve(file + ".json");
    try {
      Files.createDirectories(runDir);
      Files.deleteIfExists(resultFile);
      Process process = new ProcessBuilder(command(workload, resultFile))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      current = process;
      if (closed) {
        process.destroyForcibly();
      }
      Result result = await(workload, process, resultFile, log);
      Files.deleteIfExists(resultFile);
      if (result.ok()) {
        Files.deleteIfExists(log);
        return result;
      }
      return Result.failed(workload.name(), result.error() + " (its driver's log: " + log + ")");
    } catch (IOException e) {
      return Result.failed(workload.name(), "its driver process could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      return Result.failed(workload.name(), "interrupted");
    } finally {
      current = null;
    }
  }

  private Result await(Workload workload, Process process, Path resultFile, Path log)
      throws InterruptedException, IOException {
    if (!process.waitFor(timeout().toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      return Result.failed(workload.name(), "it did not finish within " + timeout().toSeconds() + " s and was stopped");
    }
    if (Files.exists(resultFile)) {
      try {
        return new Gson().fromJson(Files.readString(resultFile, StandardCharsets.UTF_8), Result.class);
      } catch (JsonParseException e) {
        // reported below, with the log
      }
    }
    return Result.failed(workload.name(), "its driver exited with code " + process.exitValue()
        + " before reporting" + lastLine(log).map(l -> ": " + l).orElse(""));
  }

  private List<String> command(Workload workload, Path resultFile) {
    List<String> command = new ArrayList<>();
    command.addAll(JvmFlags.javaCommand());
    command.addAll(DRIVER_JVM_OPTIONS);
    command.addAll(JrayConfig.overridesAsJvmFlags());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchDriver.class.getName(),
        "--address=" + address,
        "--workload=" + workload.name(),
        "--warmup-ms=" + settings.warmup().toMillis(),
        "--duration-ms=" + settings.duration().toMillis(),
        "--rounds=" + settings.rounds(),
        "--scale=" + settings.scale(),
        "--result-file=" + resultFile));
    return command;
  }

  private static Optional<String> lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        String l = lines.get(i).strip();
        if (!l.isEmpty() && !l.startsWith("at ")) {
          return Optional.of(l);
        }
      }
      return Optional.empty();
    } catch (IOException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  /** Stops the driver that runs now, if any, and any later one at its start. */
  @Override
  public void close() {
    closed = true;
    Process p = current;
    if (p != null) {
      p.destroy(); // SIGTERM: its shutdown hook disconnects from the cluster
    }
  }
}
