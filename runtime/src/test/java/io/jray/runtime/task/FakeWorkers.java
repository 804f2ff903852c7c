package io.jray.runtime.task;

import com.google.protobuf.ByteString;
import io.jray.proto.Address;
import io.jray.proto.PushTaskReply;
import io.jray.proto.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link WorkerClient} the test answers by hand: each pushed task waits in {@link #pushed} for its reply. */
final class FakeWorkers implements WorkerClient {
  record Pushed(Address worker, TaskSpec spec, long seq, Replies replies) {
    void answer(byte[] value) {
      replies.replied(seq, PushTaskReply.newBuilder().setValue(ByteString.copyFrom(value)).build());
    }
  }

  final LinkedBlockingQueue<Pushed> pushed = new LinkedBlockingQueue<>();
  final List<Address> ended = new ArrayList<>();
  final List<ByteString> cancelled = new ArrayList<>();

  @Override
  public TaskStream openTaskStream(Address worker, Replies replies) {
    return new TaskStream() {
      @Override
      public void push(TaskSpec spec, long sequenceNumber) {
        pushed.add(new Pushed(worker, spec, sequenceNumber, replies));
      }

      @Override
      public void end() {
        synchronized (FakeWorkers.this) {
          ended.add(worker);
        }
      }
    };
  }

  @Override
  public synchronized void cancelTask(Address worker, ByteString taskId, boolean force) {
    cancelled.add(taskId);
  }

  Pushed next() throws InterruptedException {
    Pushed p = pushed.poll(10, TimeUnit.SECONDS);
    if (p == null) {
      throw new AssertionError("no task was pushed");
    }
    return p;
  }

  static Address worker(int port) {
    return Address.newBuilder().setIp("10.0.0.2").setPort(port).build();
  }
}
