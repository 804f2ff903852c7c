package io.jray.runtime.task;

import com.google.protobuf.ByteString;
import io.jray.proto.Address;
import io.jray.proto.PushTaskReply;
import io.jray.proto.TaskSpec;

/**
 * What the task submitter asks of leased workers (Ray's core worker client): a stream of tasks pushed to one
 * worker and their replies, and cancelling, in plain values and callbacks, so dispatch is testable without
 * workers. {@link GrpcWorkerClient} speaks it over gRPC.
 */
public interface WorkerClient {
  /** The tasks going to one worker, in order. Calls must not overlap (the submitter holds its lock). */
  interface TaskStream {
    void push(TaskSpec spec, long sequenceNumber);

    /** Ends the stream: the worker finishes what it has and the lease is over. */
    void end();
  }

  /** What comes back on a stream; called on a network thread. */
  interface Replies {
    void replied(long sequenceNumber, PushTaskReply reply);

    /** The stream broke or the worker ended it: the worker is gone ({@code code}: why, say UNAVAILABLE). */
    void lost(String code);
  }

  TaskStream openTaskStream(Address worker, Replies replies);

  /** Asks a worker to cancel a task it runs (force: kill the worker); a worker already gone is no error. */
  void cancelTask(Address worker, ByteString taskId, boolean force);
}
