package io.jray.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code jray microbenchmark}: runs workloads one after the other and hands each result to a listener as soon
 * as it is known (Ray prints each line when it is done). Where each runs is the {@link WorkloadRunner}'s
 * business: in this JVM on the cluster {@code Ray} is connected to, or each in a driver process of its own.
 */
public final class Microbenchmark {
  private final WorkloadRunner runner;

  public Microbenchmark(WorkloadRunner runner) {
    this.runner = runner;
  }

  /** Runs {@code workloads} in order; a failed workload is reported and the next one runs. */
  public List<Result> run(List<Workload> workloads, Consumer<Result> onResult) {
    List<Result> results = new ArrayList<>(workloads.size());
    for (Workload workload : workloads) {
      Result result = runner.run(workload);
      results.add(result);
      onResult.accept(result);
    }
    return results;
  }
}
