package io.jray.runtime.task;

import com.google.protobuf.ByteString;
import io.jray.proto.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A {@link RayletClient} the test answers by hand: each lease request waits in {@link #requests} for its reply. */
final class FakeRaylets implements RayletClient {
  record Asked(Address raylet, LeaseRequest request, Consumer<LeaseReply> reply) {
    void grant(long leaseId, Address worker) {
      reply.accept(new Granted(leaseId, worker, ByteString.copyFromUtf8("node-" + raylet.getPort())));
    }
  }

  record Returned(Address raylet, long leaseId, boolean disconnect) {}

  final LinkedBlockingQueue<Asked> requests = new LinkedBlockingQueue<>();
  final List<Returned> returned = new ArrayList<>();

  @Override
  public void requestWorkerLease(Address raylet, LeaseRequest request, long timeoutMs, Consumer<LeaseReply> reply) {
    requests.add(new Asked(raylet, request, reply));
  }

  @Override
  public synchronized void returnWorker(Address raylet, long leaseId, boolean disconnect) {
    returned.add(new Returned(raylet, leaseId, disconnect));
  }

  synchronized List<Returned> returned() {
    return List.copyOf(returned);
  }

  /** The next request, waiting up to 10 s for it. */
  Asked next() throws InterruptedException {
    Asked asked = requests.poll(10, TimeUnit.SECONDS);
    if (asked == null) {
      throw new AssertionError("no lease request came");
    }
    return asked;
  }

  static Address raylet(int port) {
    return Address.newBuilder().setIp("10.0.0.1").setPort(port).build();
  }
}
