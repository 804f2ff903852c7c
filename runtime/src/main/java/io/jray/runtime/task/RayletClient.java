package io.jray.runtime.task;

import com.google.protobuf.ByteString;
import io.jray.proto.Address;
import io.jray.proto.BundleId;
import io.jray.proto.JobPackage;
import io.jray.proto.ResourceMap;
import io.jray.proto.SchedulingStrategy;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the task submitter asks of raylets (Ray's raylet client): worker leases and their return, in plain values
 * and callbacks, so leasing is testable without a raylet. {@link GrpcRayletClient} speaks it over gRPC.
 */
public interface RayletClient {
  /**
   * A worker for one scheduling key.
   *
   * @param placement the bundle, or null outside placement groups
   * @param scheduling the strategy, or null for the default policy
   * @param grantOrReject whether the raylet must answer here and now (a spillback's target) rather than spill on
   * @param workerEnv the worker's environment (runtime env), or null for the job's own workers
   */
  record LeaseRequest(ByteString jobId, ResourceMap shape, BundleId placement, SchedulingStrategy scheduling,
      List<JobPackage> jobPackages, boolean grantOrReject, io.jray.proto.WorkerEnv workerEnv) {}

  /** How a lease request ended. */
  sealed interface LeaseReply {}

  /** A worker, leased until it is returned. */
  record Granted(long leaseId, Address worker, ByteString nodeId) implements LeaseReply {}

  /** Ask that raylet instead (the asked one cannot fit the shape now, another can). */
  record Spillback(Address raylet) implements LeaseReply {}

  /** The shape can never run as asked (say a hard affinity to a dead node); {@code why} says so in a sentence. */
  record Unschedulable(String why) implements LeaseReply {}

  /** The raylet refused (a grant-or-reject request it cannot fit, or a bundle it does not hold). */
  record Rejected() implements LeaseReply {}

  /** No answer within the request's deadline (the shape waits for resources). */
  record TimedOut() implements LeaseReply {}

  /** No raylet answered at that address ({@code code} is the transport's status, say UNAVAILABLE). */
  record Unreachable(String code, String detail) implements LeaseReply {}

  /** Asks {@code raylet} for a lease; {@code reply} is called once, on a network thread. */
  void requestWorkerLease(Address raylet, LeaseRequest request, long timeoutMs, Consumer<LeaseReply> reply);

  /** Gives a lease back, not waiting; {@code disconnect}: its worker died or must not be reused. */
  void returnWorker(Address raylet, long leaseId, boolean disconnect);
}
