package io.jray.bench.peers;

import io.jray.bench.BenchSettings;
import io.jray.bench.Trial;
import java.util.List;

/** Trials that own what their set-up started: a server JVM, a channel, a client. */
final class Trials {
  /** Builds a trial on a resource. */
  @FunctionalInterface
  interface Build<R> {
    Trial build(R resource) throws Exception;
  }

  /** Prepares a workload's trial on a resource its set-up opened (a channel, a client). */
  @FunctionalInterface
  interface On<R> {
    Trial prepare(R resource, BenchSettings settings) throws Exception;
  }

  private Trials() {}

  /**
   * The trial {@code build} makes on {@code resource}; closing it closes that trial, then runs {@code release}.
   * If {@code build} fails, {@code release} runs at once, so a failed set-up leaves nothing running.
   */
  static <R> Trial owning(R resource, Runnable release, Build<R> build) throws Exception {
    Trial trial;
    try {
      trial = build.build(resource);
    } catch (Exception | Error e) {
      release.run();
      throw e;
    }
    return Trial.of(trial.unitsPerCall(), trial::call, () -> {
      try {
        trial.close();
      } finally {
        release.run();
      }
    });
  }

  /** A trial against a fresh server JVM (see {@link ChildJvm#start}), which ends when the trial closes. */
  static Trial againstServer(Class<?> main, List<String> jvmOptions, List<String> args, Build<ChildJvm> build)
      throws Exception {
    ChildJvm server = ChildJvm.start(main, jvmOptions, args);
    return owning(server, server::close, build);
  }
}
