package io.jray.bench;

import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import java.util.ArrayList;
import java.util.List;

/** The task workloads: small tasks from the driver, and from several actors at once. */
final class TaskWorkloads {
  /** Tasks per call of the async workloads (Ray: 1,000). */
  static final int BATCH = 1000;
  /** Submitting actors, and tasks each submits per call, in {@code multi_client_tasks_async} (Ray: 4 x 10,000). */
  static final int MULTI_CLIENTS = 4;
  static final int TASKS_PER_CLIENT = 10_000;

  private TaskWorkloads() {}

  static Workload tasksSync() {
    return Workload.of("single_client_tasks_sync", s -> Trial.of(1, () -> Ray.task(Tasks::smallValue).remote().get()));
  }

  static Workload tasksAsync() {
    return Workload.of("single_client_tasks_async", s -> {
      int n = s.batch(BATCH);
      return Trial.of(n, () -> Ray.get(submitSmallTasks(n)));
    });
  }

  /** Ray counts batches here, not tasks: one call is 1,000 tasks submitted and awaited. */
  static Workload tasksAndGetBatch() {
    return Workload.of("single_client_tasks_and_get_batch", s -> {
      int n = s.batch(BATCH);
      return Trial.of(1, () -> Ray.get(submitSmallTasks(n)));
    });
  }

  static Workload multiClientTasksAsync() {
    return Workload.of("multi_client_tasks_async", s -> {
      int n = s.batch(TASKS_PER_CLIENT);
      ActorSet<BenchActor> clients =
          ActorSet.start(MULTI_CLIENTS, i -> Ray.actor(BenchActor::new).remote(), BenchActor::smallValue);
      // The submitting actors are left to end with the job, not killed: a raylet does not take back the worker
      // leases of an owner that died, so killing them while they hold (or are being granted) a lease would
      // keep its CPU taken for the rest of the job.
      return Trial.of((double) n * clients.size(), () -> Calls.submitAndGet(clients.size(),
          i -> clients.get(i).task(BenchActor::smallValueBatch, n).remote()));
    });
  }

  static List<ObjectRef<byte[]>> submitSmallTasks(int n) {
    List<ObjectRef<byte[]>> refs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      refs.add(Ray.task(Tasks::smallValue).remote());
    }
    return refs;
  }
}
