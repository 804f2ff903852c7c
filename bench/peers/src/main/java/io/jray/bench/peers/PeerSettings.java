package io.jray.bench.peers;

import java.time.Duration;
import java.util.List;

/**
 * The sizes and time limits of the peer and limit measures. Sizes are jray's at scale 1 (the bench module's
 * {@code ObjectWorkloads} and {@code TaskWorkloads}), so each figure sits beside the jray workload it bounds.
 */
final class PeerSettings {
  /** Bytes of one copy, mapped write or Hazelcast put (jray's put_gigabytes value: 100 MiB). */
  static final int VALUE_BYTES = 100 << 20;
  /** The least value when scaled down for a smoke test. */
  static final int MIN_VALUE_BYTES = 1 << 10;
  /** Calls per batch of the async measures (jray's tasks_async: 1,000 tasks per call). */
  static final int BATCH = 1000;
  /** Unary calls in flight at once in limit_grpc_unary_async: enough to keep both sides busy, yet bounded. */
  static final int ASYNC_IN_FLIGHT = 100;
  /** Keys that hazelcast_map_put cycles through, so the member's map stays small however long it runs. */
  static final int PUT_KEYS = 1000;
  /** The deadline of one call or one batch: a hung peer fails the measure instead of hanging it. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  /** Time for a server JVM to start and report its port (a Hazelcast member takes seconds on 2 busy cores). */
  static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  /** Time for a process to end after SIGTERM (its shutdown hooks), and again after SIGKILL. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The environment variable whose options (space-separated; none by default) every JVM this module starts gets
   * after its own: the test sets -XX:TieredStopAtLevel=1 so its many short-lived JVMs start sooner. Figures
   * measured with it set are not comparable with jray's. An environment variable, so every descendant sees it.
   */
  static final String EXTRA_JVM_OPTIONS_ENV = "JRAY_BENCH_PEERS_JVM_OPTIONS";

  private PeerSettings() {}

  static List<String> extraJvmOptions() {
    String options = System.getenv().getOrDefault(EXTRA_JVM_OPTIONS_ENV, "").strip();
    return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
  }
}
