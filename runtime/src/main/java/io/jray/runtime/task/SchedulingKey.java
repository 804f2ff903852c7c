package io.jray.runtime.task;

import io.jray.proto.Address;
import io.jray.proto.BundleId;
import io.jray.proto.ResourceMap;
import io.jray.proto.SchedulingStrategy;
import io.jray.proto.TaskSpec;

/**
 * What tasks must have in common to share a lease (Ray's scheduling class): the resource shape and, for a task
 * placed in a placement group, the bundle it asks for, since a worker leased from one bundle's reservation
 * must not run another bundle's (or no bundle's) tasks; and the scheduling strategy, since a lease on the node
 * one strategy chose must not run a task asking for another node (affinity, labels); the raylet the
 * lease policy asks first (the node holding most of the task's argument bytes), since a lease near one node's
 * data is no better than any other for a task whose data is elsewhere; and the worker's environment (runtime
 * env), since a worker started with one must not run a task asking for another.
 *
 * @param placement the bundle selector, or null for a task outside any placement group
 * @param scheduling the strategy, or null for the default policy on any node
 * @param near the raylet to ask first, or null for the local one
 * @param workerEnv the worker's environment, or null for the job's own workers
 */
record SchedulingKey(ResourceMap shape, BundleId placement, SchedulingStrategy scheduling, Address near,
    io.jray.proto.WorkerEnv workerEnv) {
  static SchedulingKey of(TaskSpec spec) {
    return of(spec, null);
  }

  static SchedulingKey of(TaskSpec spec, Address near) {
    return new SchedulingKey(spec.getResources(), spec.hasPlacement() ? spec.getPlacement() : null,
        spec.hasScheduling() ? spec.getScheduling() : null, near,
        spec.hasWorkerEnv() ? spec.getWorkerEnv() : null);
  }
}
