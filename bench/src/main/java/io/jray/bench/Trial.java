package io.jray.bench;

/**
 * A prepared workload: {@link #call()} does one unit of Ray's timing loop (one get, or 1,000 tasks submitted
 * and awaited), worth {@link #unitsPerCall()} of what the rate counts (Ray's {@code multiplier}: calls, tasks
 * or gigabytes). {@link #close()} releases what the set-up created (kills its actors).
 */
public interface Trial extends AutoCloseable {

  /** One timed call. */
  void call() throws Exception;

  /** What one call counts for in the reported rate. */
  double unitsPerCall();

  @Override
  default void close() {}

  /** The body of a trial's call. */
  @FunctionalInterface
  interface Call {
    void run() throws Exception;
  }

  static Trial of(double unitsPerCall, Call call) {
    return of(unitsPerCall, call, () -> {});
  }

  /** A trial that runs {@code cleanup} when closed. */
  static Trial of(double unitsPerCall, Call call, Runnable cleanup) {
    return new Trial() {
      @Override
      public void call() throws Exception {
        call.run();
      }

      @Override
      public double unitsPerCall() {
        return unitsPerCall;
      }

      @Override
      public void close() {
        cleanup.run();
      }
    };
  }
}
