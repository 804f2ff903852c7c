package io.jray.bench;

/**
 * Runs one workload to its result: in this JVM ({@link Runner}) or in a driver process of its own
 * ({@link ForkedRunner}).
 */
@FunctionalInterface
public interface WorkloadRunner {
  /** The workload's result; a failure is a failed result, never an exception. */
  Result run(Workload workload);
}
