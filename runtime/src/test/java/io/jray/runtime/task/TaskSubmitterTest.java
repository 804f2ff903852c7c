package io.jray.runtime.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.jray.proto.Address;
import io.jray.proto.ErrorType;
import io.jray.proto.NodeInfo;
import io.jray.proto.ObjectRefProto;
import io.jray.proto.ResourceMap;
import io.jray.proto.TaskArg;
import io.jray.proto.TaskSpec;
import io.jray.runtime.lineage.Lineage;
import io.jray.runtime.object.MemoryStore;
import io.jray.runtime.object.ReferenceCounter;
import io.jray.runtime.object.StoredObject;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.PeerChannels;
import io.jray.runtime.state.TaskEventBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The submitter's dispatch, retries and leasing without a cluster: the raylets and workers are answered by the
 * test through {@link RayletClient} and {@link WorkerClient}.
 */
class TaskSubmitterTest {
  private static final Address SELF = Address.newBuilder().setIp("10.0.0.9").setPort(9).build();
  private static final Address LOCAL = FakeRaylets.raylet(1);
  private final FakeRaylets raylets = new FakeRaylets();
  private final FakeWorkers workers = new FakeWorkers();
  private final MemoryStore store = new MemoryStore((id, o) -> {});
  private final PeerChannels peers = new PeerChannels(AuthToken.of("test-token-0123456789"));
  private final ReferenceCounter refs = new ReferenceCounter(id -> {}, peers);
  private final List<NodeInfo> nodes = new ArrayList<>();
  private final TaskSubmitter submitter;
  private int nextTask;

  TaskSubmitterTest() {
    refs.bindSelf(SELF);
    Lineage lineage = new Lineage(ref -> ref.getOwner().equals(SELF), () -> 1L << 30);
    TaskManager tasks = new TaskManager(store, refs, new TaskEventBuffer(), lineage);
    submitter = new TaskSubmitter(raylets, workers, tasks, refs, new TaskEventBuffer(), LOCAL,
        ByteString.copyFromUtf8("job1"), List::of, () -> List.copyOf(nodes), shape -> true, group -> false);
  }

  @AfterEach
  void close() {
    submitter.close();
    peers.close();
  }

  @Test
  void aTaskRunsOnTheWorkerLeasedForItsShapeAndItsValueReachesTheStore() throws Exception {
    TaskSpec spec = task(1);
    CompletableFuture<StoredObject> result = submit(spec, Map.of());
    FakeRaylets.Asked asked = raylets.next();
    assertEquals(LOCAL, asked.raylet());
    assertEquals(spec.getResources(), asked.request().shape());
    assertFalse(asked.request().grantOrReject());
    asked.grant(7, FakeWorkers.worker(100));
    FakeWorkers.Pushed pushed = workers.next();
    assertEquals(FakeWorkers.worker(100), pushed.worker());
    assertEquals(spec.getTaskId(), pushed.spec().getTaskId());
    pushed.answer(new byte[] {42});
    assertArrayEquals(new byte[] {42}, result.get(10, TimeUnit.SECONDS).value());
  }

  @Test
  void aSpillbackIsAskedOfTheNamedRayletWhichMustGrantOrReject() throws Exception {
    submit(task(1), Map.of());
    raylets.next().reply().accept(new RayletClient.Spillback(FakeRaylets.raylet(2)));
    FakeRaylets.Asked second = raylets.next();
    assertEquals(FakeRaylets.raylet(2), second.raylet());
    assertTrue(second.request().grantOrReject());
    second.grant(8, FakeWorkers.worker(200));
    assertEquals(FakeWorkers.worker(200), workers.next().worker());
  }

  @Test
  void aTaskWhoseWorkerDiesRunsAgainOnANewLeaseAndTheDeadLeaseIsReturnedAsDisconnected() throws Exception {
    CompletableFuture<StoredObject> result = submit(task(1), Map.of());
    raylets.next().grant(7, FakeWorkers.worker(100));
    FakeWorkers.Pushed first = workers.next();
    first.replies().lost("UNAVAILABLE");
    assertTrue(raylets.returned().contains(new FakeRaylets.Returned(LOCAL, 7, true)));
    raylets.next().grant(8, FakeWorkers.worker(101));
    FakeWorkers.Pushed again = workers.next();
    assertEquals(FakeWorkers.worker(101), again.worker());
    assertEquals(1, again.spec().getAttempt());
    again.answer(new byte[] {1});
    assertFalse(result.get(10, TimeUnit.SECONDS).isError());
  }

  @Test
  void aTaskWhoseRetriesAreUsedUpFailsWithWorkerDied() throws Exception {
    CompletableFuture<StoredObject> result = submit(task(0), Map.of());
    raylets.next().grant(7, FakeWorkers.worker(100));
    workers.next().replies().lost("UNAVAILABLE");
    StoredObject outcome = result.get(10, TimeUnit.SECONDS);
    assertEquals(ErrorType.WORKER_DIED, outcome.error().getType());
    assertTrue(outcome.error().getMessage().contains("max_retries=0"), outcome.error().getMessage());
  }

  @Test
  void anUnschedulableShapeFailsTheTasksWaitingForItWithWhy() throws Exception {
    CompletableFuture<StoredObject> a = submit(task(1), Map.of());
    CompletableFuture<StoredObject> b = submit(task(1), Map.of());
    raylets.next().reply().accept(new RayletClient.Unschedulable("node ab12 is dead."));
    for (CompletableFuture<StoredObject> r : List.of(a, b)) {
      StoredObject outcome = r.get(10, TimeUnit.SECONDS);
      assertEquals(ErrorType.TASK_UNSCHEDULABLE, outcome.error().getType());
      assertTrue(outcome.error().getMessage().contains("node ab12 is dead."), outcome.error().getMessage());
    }
  }

  @Test
  void anArgumentThatIsAnErrorEndsTheTaskWithThatErrorAndNoLease() throws Exception {
    StoredObject error = StoredObject.ofError(io.jray.runtime.object.RayErrors.of(ErrorType.TASK_CANCELLED, "up",
        "upstream cancelled"));
    TaskSpec spec = taskWithRefArg(1, "arg");
    CompletableFuture<StoredObject> result = submit(spec, Map.of(0, CompletableFuture.completedFuture(error)));
    assertEquals(ErrorType.TASK_CANCELLED, result.get(10, TimeUnit.SECONDS).error().getType());
    assertTrue(raylets.requests.isEmpty(), "no lease was asked for");
  }

  @Test
  void aShortTaskStreamReusesOneLeaseAndTheIdleLeaseIsReturned() throws Exception {
    CompletableFuture<StoredObject> a = submit(task(1), Map.of());
    raylets.next().grant(7, FakeWorkers.worker(100));
    workers.next().answer(new byte[] {1});
    a.get(10, TimeUnit.SECONDS);
    CompletableFuture<StoredObject> b = submit(task(1), Map.of());
    FakeWorkers.Pushed second = workers.next();
    assertEquals(FakeWorkers.worker(100), second.worker(), "the held lease took the next task");
    second.answer(new byte[] {2});
    b.get(10, TimeUnit.SECONDS);
    until(() -> raylets.returned().contains(new FakeRaylets.Returned(LOCAL, 7, false)));
  }

  @Test
  void aCancelledQueuedTaskNeverRuns() throws Exception {
    TaskSpec spec = task(1);
    CompletableFuture<StoredObject> result = submit(spec, Map.of());
    FakeRaylets.Asked asked = raylets.next();
    assertTrue(submitter.cancel(spec.getReturnId(), false));
    assertEquals(ErrorType.TASK_CANCELLED, result.get(10, TimeUnit.SECONDS).error().getType());
    asked.grant(7, FakeWorkers.worker(100));
    assertTrue(workers.pushed.poll(300, TimeUnit.MILLISECONDS) == null, "nothing was pushed");
  }

  @Test
  void closingFailsTheTasksNotFinished() throws Exception {
    CompletableFuture<StoredObject> result = submit(task(1), Map.of());
    raylets.next();
    submitter.close();
    StoredObject outcome = result.get(10, TimeUnit.SECONDS);
    assertTrue(outcome.error().getMessage().contains("before its owner shut down"), outcome.error().getMessage());
  }

  @Test
  void aTaskWhoseArgumentBytesLieMostlyOnAnotherNodeAsksThatNodesRayletFirst() throws Exception {
    Address storeB = Address.newBuilder().setIp("10.0.0.5").setPort(6000).build();
    Address storeA = Address.newBuilder().setIp("10.0.0.1").setPort(5000).build();
    nodes.add(node("10.0.0.1", 1, 5000));
    nodes.add(node("10.0.0.5", 2, 6000));
    TaskSpec spec = taskWithRefArg(1, "big").toBuilder()
        .addArgs(TaskArg.newBuilder().setRef(ref("small"))).build();
    submit(spec, Map.of(0, CompletableFuture.completedFuture(StoredObject.ofStored(storeB, 50_000_000)),
        1, CompletableFuture.completedFuture(StoredObject.ofStored(storeA, 1_000_000))));
    FakeRaylets.Asked asked = raylets.next();
    assertEquals(Address.newBuilder().setIp("10.0.0.5").setPort(2).build(), asked.raylet());
    assertFalse(asked.request().grantOrReject(), "that raylet may still spill the task on");
  }

  @Test
  void aTaskWhoseDataNodeCannotFitItsShapeAsksTheLocalRaylet() throws Exception {
    Address storeB = Address.newBuilder().setIp("10.0.0.5").setPort(6000).build();
    nodes.add(node("10.0.0.5", 2, 6000).toBuilder()
        .setTotal(ResourceMap.newBuilder().putAmounts("CPU", 0.5)).build());
    submit(taskWithRefArg(1, "big"),
        Map.of(0, CompletableFuture.completedFuture(StoredObject.ofStored(storeB, 50_000_000))));
    assertEquals(LOCAL, raylets.next().raylet());
  }

  @Test
  void withLocalityOffATaskAsksTheLocalRaylet() throws Exception {
    System.setProperty("jray.locality_aware_leasing_enabled", "false");
    try {
      Address storeB = Address.newBuilder().setIp("10.0.0.5").setPort(6000).build();
      nodes.add(node("10.0.0.5", 2, 6000));
      submit(taskWithRefArg(1, "big"),
          Map.of(0, CompletableFuture.completedFuture(StoredObject.ofStored(storeB, 50_000_000))));
      assertEquals(LOCAL, raylets.next().raylet());
    } finally {
      System.clearProperty("jray.locality_aware_leasing_enabled");
    }
  }

  private CompletableFuture<StoredObject> submit(TaskSpec spec, Map<Integer, CompletableFuture<StoredObject>> deps) {
    store.create(spec.getReturnId());
    submitter.submit(spec, deps);
    return store.get(spec.getReturnId());
  }

  private TaskSpec task(int maxRetries) {
    int n = nextTask++;
    return TaskSpec.newBuilder().setTaskId(ByteString.copyFromUtf8("task" + n)).setName("f" + n)
        .setReturnId(ByteString.copyFromUtf8("ret" + n)).setMaxRetries(maxRetries).setOwner(SELF)
        .setResources(ResourceMap.newBuilder().putAmounts("CPU", 1.0)).build();
  }

  private TaskSpec taskWithRefArg(int maxRetries, String argId) {
    return task(maxRetries).toBuilder().addArgs(TaskArg.newBuilder().setRef(ref(argId))).build();
  }

  private static ObjectRefProto ref(String id) {
    return ObjectRefProto.newBuilder().setObjectId(ByteString.copyFromUtf8(id)).setOwner(SELF).build();
  }

  private static NodeInfo node(String ip, int rayletPort, int storePort) {
    return NodeInfo.newBuilder().setNodeIp(ip).setNodeManagerPort(rayletPort).setObjectStorePort(storePort)
        .setTotal(ResourceMap.newBuilder().putAmounts("CPU", 2.0)).build();
  }

  private static void until(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10);
    }
  }
}
