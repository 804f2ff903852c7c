package io.jray.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.jray.proto.BundleId;
import io.jray.proto.ErrorType;
import io.jray.proto.ResourceMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a lease request chain ends, answered by hand through {@link RayletClient}. */
class LeaseRequesterTest {
  private static final SchedulingKey KEY =
      new SchedulingKey(ResourceMap.newBuilder().putAmounts("CPU", 1.0).build(), null, null, null, null);
  private final FakeRaylets raylets = new FakeRaylets();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Ends ends = new Ends();
  private final AtomicBoolean groupRemoved = new AtomicBoolean();

  /** Records the chain's end. */
  static final class Ends implements LeaseRequester.Listener {
    final CompletableFuture<String> end = new CompletableFuture<>();
    final AtomicInteger retriesAllowed = new AtomicInteger(Integer.MAX_VALUE);

    @Override
    public void granted(SchedulingKey key, LeasedWorker lease) {
      end.complete("granted " + lease.leaseId + " at " + lease.raylet.getPort());
    }

    @Override
    public void noLease(SchedulingKey key) {
      end.complete("no lease");
    }

    @Override
    public int failWaiting(SchedulingKey key, ErrorType type, Function<String, String> message) {
      end.complete(type + ": " + message.apply("f"));
      return 1;
    }

    @Override
    public boolean stillWanted(SchedulingKey key) {
      return retriesAllowed.getAndDecrement() > 0;
    }

    @Override
    public boolean closed() {
      return false;
    }
  }

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  private LeaseRequester leaser() {
    return new LeaseRequester(raylets, FakeRaylets.raylet(1), ByteString.copyFromUtf8("job"), List::of,
        shape -> true, group -> groupRemoved.get(), Runnable::run, timer, key -> null, ends);
  }

  @Test
  void aGrantEndsTheChainWithTheLeaseFromTheRayletThatGaveIt() throws Exception {
    leaser().request(KEY);
    raylets.next().reply().accept(new RayletClient.Spillback(FakeRaylets.raylet(3)));
    raylets.next().grant(5, FakeWorkers.worker(100));
    assertEquals("granted 5 at 3", ends.end.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aSilentLocalRayletIsRetriedWithBackoffThenItsTasksFailSayingTheNodeIsGone() throws Exception {
    System.setProperty("jray.rpc_retry_base_ms", "1");
    System.setProperty("jray.rpc_retry_max_ms", "5");
    System.setProperty("jray.rpc_retry_attempts", "3");
    try {
      leaser().request(KEY);
      for (int i = 0; i < 3; i++) {
        FakeRaylets.Asked asked = raylets.next();
        assertEquals(FakeRaylets.raylet(1), asked.raylet());
        asked.reply().accept(new RayletClient.Unreachable("UNAVAILABLE", "connection refused"));
      }
      String end = ends.end.get(10, TimeUnit.SECONDS);
      assertTrue(end.startsWith("LOCAL_RAYLET_DIED") && end.contains("did not answer 3 lease requests"), end);
    } finally {
      System.clearProperty("jray.rpc_retry_base_ms");
      System.clearProperty("jray.rpc_retry_max_ms");
      System.clearProperty("jray.rpc_retry_attempts");
    }
  }

  @Test
  void aSilentRemoteRayletSendsTheRetryToTheLocalOne() throws Exception {
    leaser().request(KEY);
    raylets.next().reply().accept(new RayletClient.Spillback(FakeRaylets.raylet(3)));
    raylets.next().reply().accept(new RayletClient.Unreachable("UNAVAILABLE", "connection refused"));
    FakeRaylets.Asked retry = raylets.next();
    assertEquals(FakeRaylets.raylet(1), retry.raylet());
    assertTrue(!retry.request().grantOrReject());
  }

  @Test
  void aRefusedBundleLeaseWhoseGroupWasRemovedFailsItsTasksAsCancelled() throws Exception {
    SchedulingKey bundle = new SchedulingKey(KEY.shape(),
        BundleId.newBuilder().setPlacementGroupId(ByteString.copyFromUtf8("pg1")).build(), null, null, null);
    groupRemoved.set(true);
    leaser().request(bundle);
    raylets.next().reply().accept(new RayletClient.Rejected());
    String end = ends.end.get(10, TimeUnit.SECONDS);
    assertTrue(end.startsWith("TASK_CANCELLED") && end.contains("was removed"), end);
  }

  @Test
  void aRefusedBundleLeaseOfALiveGroupIsAskedAgainLater() throws Exception {
    SchedulingKey bundle = new SchedulingKey(KEY.shape(),
        BundleId.newBuilder().setPlacementGroupId(ByteString.copyFromUtf8("pg1")).build(), null, null, null);
    leaser().request(bundle);
    raylets.next().reply().accept(new RayletClient.TimedOut());
    assertEquals("no lease", ends.end.get(10, TimeUnit.SECONDS));
  }
}
