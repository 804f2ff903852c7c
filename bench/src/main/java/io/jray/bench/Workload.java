package io.jray.bench;

/**
 * One workload of the microbenchmark: Ray's name for it and how to set it up on the connected cluster. The
 * set-up (actors, stored values) is not timed; the {@link Trial} it returns is what {@link Runner} times.
 */
public interface Workload {

  /** Ray's name, e.g. {@code single_client_tasks_async}. */
  String name();

  /** Creates what the timed calls need; called with {@code Ray} initialized, on the runner's thread. */
  Trial prepare(BenchSettings settings) throws Exception;

  /** How a workload is set up; see {@link #prepare}. */
  @FunctionalInterface
  interface Setup {
    Trial prepare(BenchSettings settings) throws Exception;
  }

  static Workload of(String name, Setup setup) {
    return new Workload() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Trial prepare(BenchSettings settings) throws Exception {
        return setup.prepare(settings);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
