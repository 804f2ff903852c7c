package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.api.WaitResult;
import io.jray.api.exception.RayTaskException;
import io.jray.api.exception.RayTimeoutException;
import io.jray.api.exception.RayWorkerException;
import io.jray.api.exception.TaskCancelledException;
import com.google.protobuf.ByteString;
import io.jray.runtime.config.JrayConfig;
import io.jray.testing.Await;
import io.jray.testing.CapturedOutput;
import io.jray.testing.ClusterHarness;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The task and object API against a real 2-node cluster (head 2 CPUs, node 2 CPUs + a custom resource). */
@Order(2)
class TaskApiTest {
  private static TwoNodeCluster twoNodes;
  private static ClusterHarness cluster;
  private static String node2;

  @BeforeAll
  static void startCluster() throws Exception {
    twoNodes = TwoNodeCluster.startWithDriver();
    cluster = twoNodes.cluster;
    node2 = twoNodes.node2;
  }

  @AfterAll
  static void stopCluster() {
    if (twoNodes != null) {
      twoNodes.close();
    }
  }

  @Test
  void aTaskReturnsItsValue() {
    assertEquals(49, Ray.task(TestFunctions::square, 7).remote().get());
  }

  @Test
  void objectRefArgumentsAreResolvedBeforeTheTaskRuns() {
    ObjectRef<Integer> a = Ray.task(TestFunctions::square, 3).remote();
    ObjectRef<Integer> put = Ray.put(4);
    assertEquals(13, Ray.task(TestFunctions::add, a, put).remote().get());
  }

  @Test
  void nestedRefsTravelInsideValuesAndReturns() {
    ObjectRef<ObjectRef<Integer>> outer = Ray.task(TestFunctions::nestedSquare, 5).remote();
    assertEquals(25, outer.get().get());
    List<ObjectRef<Integer>> refs = List.of(Ray.put(1), Ray.put(2), Ray.task(TestFunctions::square, 3).remote());
    assertEquals(12, Ray.task(TestFunctions::sumOfRefs, refs).remote().get());
  }

  @Test
  void refsInAnyContainerAtAnyDepthAndPositionArriveAsRefs() {
    List<ObjectRef<Integer>> list = new ArrayList<>(List.of(Ray.put(1), Ray.put(2), Ray.task(TestFunctions::square, 3).remote()));
    assertEquals(12, Ray.task(TestFunctions::sumOfRefList, list).remote().get(), "an ArrayList as the only argument");
    assertEquals(3, Ray.task(TestFunctions::sumOfRefMap, new java.util.HashMap<>(java.util.Map.of("a", Ray.put(1), "b",
        Ray.put(2)))).remote().get(), "a map's values");
    assertEquals(30, Ray.task(TestFunctions::sumOfLabelled, new ArrayList<>(List.of(new TestFunctions.Labelled("a",
        Ray.put(10)), new TestFunctions.Labelled("b", Ray.put(20))))).remote().get(), "inside records in a list");
    List<Object> mixed = new ArrayList<>(List.of("x", 7, Ray.put(4), List.of(Ray.put(5), new ArrayList<>(List.of(Ray.put(6)))),
        new Object[] {"y", Ray.put(8)}));
    assertEquals(23, Ray.task(TestFunctions::sumOfNestedRefs, mixed).remote().get(), "after other values, deeper down");
    assertEquals(12, Ray.task(TestFunctions::sumOfRefs, list).remote().get(), "and again, once Fory has seen them");
  }

  @Test
  void currentActorIdOutsideAnActorThrowsInTheDriverAndFailsTheTask() {
    IllegalStateException inDriver = assertThrows(IllegalStateException.class,
        () -> Ray.getRuntimeContext().getCurrentActorId());
    assertTrue(inDriver.getMessage().contains("not called from an actor"), inDriver.getMessage());
    RayTaskException inTask = assertThrows(RayTaskException.class,
        () -> Ray.task(TestFunctions::currentActorId).remote().get());
    assertTrue(String.valueOf(inTask.getMessage()).contains("not called from an actor"), inTask.getMessage());
  }

  @Test
  void userClassesNeedNotBeSerializable() {
    assertEquals(new TestFunctions.Point(2, 1), Ray.task(TestFunctions::mirror, new TestFunctions.Point(1, 2)).remote().get());
    assertEquals(new TestFunctions.Point(3, 4), Ray.get(Ray.put(new TestFunctions.Point(3, 4))));
  }

  @Test
  void aCustomResourceOnlyOnNode2SendsTheTasksThere() {
    List<ObjectRef<String>> refs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      refs.add(Ray.task(TestFunctions::nodeId).setResource("special", 1.0).remote());
    }
    assertEquals(Set.of(node2), new HashSet<>(Ray.get(refs)));
  }

  @Test
  void aThousandSmallTasksAllComeBack() {
    List<ObjectRef<Integer>> refs = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      refs.add(Ray.task(TestFunctions::square, i).remote());
    }
    List<Integer> values = Ray.get(refs);
    for (int i = 0; i < 1000; i++) {
      assertEquals(i * i, values.get(i));
    }
  }

  @Test
  void anExceptionCarriesTheRemoteClassMessageAndStack() {
    ObjectRef<Integer> ref = Ray.task(TestFunctions::fail, "boom").remote();
    RayTaskException e = assertThrows(RayTaskException.class, ref::get);
    assertEquals(IllegalStateException.class.getName(), e.getRemoteClassName());
    assertEquals("boom", e.getRemoteMessage());
    assertTrue(e.getRemoteStackTrace().contains("TestFunctions.fail"), e.getRemoteStackTrace());
    assertInstanceOf(IllegalStateException.class, e.getCause());
  }

  @Test
  void getTimesOut() {
    ObjectRef<Long> slow = Ray.task(TestFunctions::sleepMs, 3000L).remote();
    assertThrows(RayTimeoutException.class, () -> slow.get(100));
    assertEquals(3000L, slow.get());
  }

  @Test
  void waitReturnsTheReadyOnes() {
    ObjectRef<Long> fast = Ray.task(TestFunctions::sleepMs, 0L).remote();
    ObjectRef<Long> slow = Ray.task(TestFunctions::sleepMs, 5000L).remote();
    WaitResult<Long> result = Ray.wait(List.of(slow, fast), 1, 4000);
    assertEquals(List.of(fast), result.getReady());
    assertEquals(List.of(slow), result.getUnready());
    Ray.cancel(slow);
  }

  @Test
  void aCancelledTaskThrowsTaskCancelled() {
    ObjectRef<Long> slow = Ray.task(TestFunctions::sleepMs, 60_000L).remote();
    Ray.cancel(slow);
    assertThrows(TaskCancelledException.class, () -> slow.get(30_000));
  }

  @Test
  void aWorkerKilledMidTaskIsRetried() throws Exception {
    Path marker = cluster.newTempDir("marker").resolve("died");
    assertEquals("survived", Ray.task(TestFunctions::dieOnce, marker.toString()).remote().get());
    assertTrue(Files.exists(marker), "the first attempt really died");
  }

  @Test
  void aWorkerThatKeepsDyingEndsInRayWorkerException() throws Exception {
    Path marker = cluster.newTempDir("marker").resolve("died");
    ObjectRef<String> ref = Ray.task(TestFunctions::dieOnce, marker.toString()).setMaxRetries(0).remote();
    assertThrows(RayWorkerException.class, ref::get);
  }

  @Test
  void tasksRunInWorkerProcessesNotTheDriver() {
    long worker = Ray.task(TestFunctions::pid).remote().get();
    assertNotEquals(ProcessHandle.current().pid(), worker);
  }

  @Test
  void linesATaskOnAnotherNodePrintsReachTheDriverWithItsPrefixAndStayInTheWorkerLog() throws Exception {
    try (CapturedOutput driver = new CapturedOutput()) {
      String[] pidAndFile = Ray.task(TestFunctions::printLines, "hello from node two", "warning from node two")
          .setResource("special", 1.0).remote().get().split(" ", 2);
      // Ray's prefix: task name and pid (the ip only for a node whose IP is not the driver's: here all are 127.0.0.1)
      String prefix = "(TestFunctions.printLines pid=" + pidAndFile[0] + ") ";
      Await.until("the task's stdout line on the driver's stdout", Duration.ofSeconds(20),
          () -> driver.out().contains(prefix + "hello from node two" + System.lineSeparator()));
      Await.until("the task's stderr line on the driver's stderr", Duration.ofSeconds(20),
          () -> driver.err().contains(prefix + "warning from node two" + System.lineSeparator()));
      assertTrue(!driver.out().contains("warning from node two"), driver.out());
      assertTrue(Files.readAllLines(Path.of(pidAndFile[1])).contains("hello from node two"),
          "the worker's own log keeps the raw line");
    }
  }

  @Test
  void aLinePrintedByTenTasksAppearsOnceWithARepeatCount() throws Exception {
    String line = "the same line from many tasks";
    String workers = cluster.newTempDir("printers-").toString();
    try (CapturedOutput driver = new CapturedOutput()) {
      List<ObjectRef<Long>> refs = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        // A shape of their own: a lease of the shared 1-CPU shape still held from an earlier test, whose tasks were
        // short, would take several of these in flight at once and run them one after another on one worker, where
        // each waits its full minute for a second worker that has none of them (CI hung here).
        refs.add(Ray.task(TestFunctions::printWithAnotherWorker, workers, line).setResource("CPU", 0.5).remote());
      }
      assertTrue(new HashSet<>(Ray.get(refs)).size() > 1, "the tasks ran on several workers");
      // Ray's aggregation window is 5 s: the count shows once it ends
      Await.until("the repeat count on the driver", Duration.ofSeconds(30),
          () -> driver.out().contains(") " + line + " [repeated 9x across cluster]"));
      long plain = driver.out().lines().filter(l -> l.endsWith(") " + line)).count();
      assertEquals(1, plain, driver.out());
    }
  }

  @Test
  void aShapeNoNodeCanFitStaysPendingAndShowsAsADemand() {
    ObjectRef<Integer> never = Ray.task(TestFunctions::square, 2).setResource("unobtainium", 1.0).remote();
    io.jray.runtime.gcs.GcsClient gcs = cluster.gcs();
    io.jray.testing.Await.until("the demand shows in the cluster status", java.time.Duration.ofSeconds(30),
        () -> gcs.getClusterStatus().getDemandsList().stream()
            .anyMatch(d -> d.getShape().getAmountsMap().containsKey("unobtainium")));
    assertThrows(RayTimeoutException.class, () -> never.get(500));
    Ray.cancel(never);
    assertThrows(TaskCancelledException.class, never::get);
  }

  @Test
  void a200MbObjectTravelsBetweenNodesIntact() {
    ObjectRef<byte[]> made = Ray.task(TestFunctions::randomBytes, 200, 7L).setResource("special", 1.0).remote();
    byte[] local = made.get();
    assertEquals(200 << 20, local.length);
    assertEquals(TestFunctions.crc(TestFunctions.randomBytes(200, 7L)), TestFunctions.crc(local));
    ObjectRef<byte[]> put = Ray.put(TestFunctions.randomBytes(200, 8L));
    long remoteCrc = Ray.task(TestFunctions::crc, put).setResource("special", 1.0).remote().get();
    assertEquals(TestFunctions.crc(TestFunctions.randomBytes(200, 8L)), remoteCrc);
  }

  @Test
  void anObjectStoreSmallerThanTheDataSpillsAndEveryValueComesBack() {
    List<ObjectRef<byte[]>> refs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      refs.add(Ray.put(TestFunctions.randomBytes(64, i)));   // 384 MiB into a 256 MiB store
    }
    for (int i = 0; i < 6; i++) {
      assertEquals(TestFunctions.crc(TestFunctions.randomBytes(64, i)), TestFunctions.crc(refs.get(i).get()), "value " + i);
    }
  }

  @Test
  void objectsNoReferenceReachesAreFreedFromMemoryAndFromTheirStores() {
    CoreWorker core = ((RayRuntimeImpl) Ray.internal()).core();
    List<ByteString> puts = new ArrayList<>();
    List<ByteString> madeOnNode2 = new ArrayList<>();
    useAndDropObjects(puts, madeOnNode2);
    ObjectRef<Integer> kept = Ray.put(42);
    List<ByteString> all = new ArrayList<>(puts);
    all.addAll(madeOnNode2);
    io.jray.testing.Await.until("the dropped objects leave the driver's memory store", java.time.Duration.ofSeconds(60),
        () -> {
          System.gc();
          return all.stream().noneMatch(core.store()::contains);
        });
    try (var head = storeOf(0); var node2Store = storeOf(1)) {
      io.jray.testing.Await.until("their copies leave the head's and node 2's object stores",
          java.time.Duration.ofSeconds(30), () -> all.stream().noneMatch(id -> head.contains(id.toByteArray()))
              && madeOnNode2.stream().noneMatch(id -> node2Store.contains(id.toByteArray())));
    }
    assertEquals(42, kept.get(), "an object still referenced stays");
  }

  /** Puts, task returns and large returns made on node 2, each used once; no ref to them outlives this frame. */
  private static void useAndDropObjects(List<ByteString> puts, List<ByteString> madeOnNode2) {
    for (int i = 0; i < 8; i++) {
      ObjectRef<byte[]> big = Ray.put(TestFunctions.randomBytes(1, i));          // over the inline limit: in the store
      ObjectRef<Integer> small = Ray.task(TestFunctions::square, i).remote();
      ObjectRef<byte[]> made = Ray.task(TestFunctions::randomBytes, 1, (long) i).setResource("special", 1.0).remote();
      assertEquals(i * i, small.get());
      assertEquals(1 << 20, Ray.task(TestFunctions::length, big).remote().get());
      assertEquals(1 << 20, made.get().length);
      puts.add(idOf(big));
      puts.add(idOf(small));
      madeOnNode2.add(idOf(made));
    }
  }

  private static ByteString idOf(ObjectRef<?> ref) {
    return ((io.jray.runtime.object.ObjectRefImpl<?>) ref).idBytes();
  }

  private static io.jray.runtime.objectstore.ObjectStoreClient storeOf(int node) {
    return io.jray.runtime.objectstore.ObjectStoreClient.connect("127.0.0.1",
        cluster.nodes().get(node).nodeFile().ports().get("object_store"), cluster.token());
  }

  @Test
  void anObjectWhoseRefTravelledInsideAValueIsKept() {
    CoreWorker core = ((RayRuntimeImpl) Ray.internal()).core();
    ObjectRef<Integer> inner = Ray.put(7);
    ByteString id = idOf(inner);
    ObjectRef<List<ObjectRef<Integer>>> outer = Ray.put(List.of(inner));
    inner = null;
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    assertTrue(core.store().contains(id), "a ref inside a value may be held anywhere: its object stays");
    assertEquals(7, outer.get().get(0).get());
  }

  @Test
  void anObjectInsideAPutIsFreedWithTheObjectThatHoldsIt() {
    CoreWorker core = ((RayRuntimeImpl) Ray.internal()).core();
    List<ByteString> ids = putNestedAndDrop();
    io.jray.testing.Await.until("the inner and the outer object leave the memory store", java.time.Duration.ofSeconds(60),
        () -> {
          System.gc();
          return ids.stream().noneMatch(core.store()::contains);
        });
    try (var head = storeOf(0)) {
      io.jray.testing.Await.until("the inner object's copy leaves the head's object store",
          java.time.Duration.ofSeconds(30), () -> !head.contains(ids.get(0).toByteArray()));
    }
  }

  /** Puts a large value, then a list holding its ref; reads through both; returns their ids, inner first. */
  private static List<ByteString> putNestedAndDrop() {
    ObjectRef<byte[]> inner = Ray.put(TestFunctions.randomBytes(1, 7));
    ObjectRef<List<ObjectRef<byte[]>>> outer = Ray.put(List.of(inner));
    assertEquals(1 << 20, outer.get().get(0).get().length);
    return List.of(idOf(inner), idOf(outer));
  }

  @Test
  void aBorrowerKeepsAnObjectAliveUntilItDropsItsRef() {
    CoreWorker core = ((RayRuntimeImpl) Ray.internal()).core();
    ActorHandle<RefHolder> holder = Ray.actor(RefHolder::new).remote();
    Lent lent = lendToHolder(holder, 5);
    ByteString id = lent.id();
    io.jray.testing.Await.until("the driver's own ref is collected and counted out", java.time.Duration.ofSeconds(60),
        () -> {
          System.gc();
          io.jray.proto.OwnedObject.Builder counts = io.jray.proto.OwnedObject.newBuilder();
          core.refs().describe(id, counts);
          return lent.ref().get() == null && counts.getLocalRefs() == 0;
        });
    assertTrue(core.store().contains(id), "the actor still borrows the object");
    assertEquals(5, holder.task(RefHolder::sum).remote().get(), "a borrowed object is still there to read");
    holder.task(RefHolder::drop).remote().get();
    io.jray.testing.Await.until("the owner frees the object once its borrower dropped the ref",
        java.time.Duration.ofSeconds(60), () -> !core.store().contains(id));
  }

  @Test
  void aRefReachingAnActorInsideAnotherObjectStaysWhileTheActorHoldsIt() {
    CoreWorker core = ((RayRuntimeImpl) Ray.internal()).core();
    ActorHandle<RefHolder> holder = Ray.actor(RefHolder::new).remote();
    Lent lent = lendInsidePut(holder, 7);
    io.jray.testing.Await.until("the driver's refs are collected and counted out", java.time.Duration.ofSeconds(60),
        () -> {
          System.gc();
          io.jray.proto.OwnedObject.Builder counts = io.jray.proto.OwnedObject.newBuilder();
          core.refs().describe(lent.id(), counts);
          return lent.ref().get() == null && counts.getLocalRefs() == 0 && !counts.getNested();
        });
    assertTrue(core.store().contains(lent.id()), "the actor still borrows the object");
    assertEquals(7, holder.task(RefHolder::sum).remote().get(), "a borrowed object is still there to read");
  }

  /** Puts a value and a list holding its ref, and passes the list's ref (small and known: it travels inline). */
  private static Lent lendInsidePut(ActorHandle<RefHolder> holder, int value) {
    ObjectRef<Integer> ref = Ray.put(value);
    ObjectRef<List<ObjectRef<Integer>>> outer = Ray.put(List.of(ref));
    assertEquals(1, holder.task(RefHolder::hold, outer).remote().get());
    return new Lent(idOf(ref), new java.lang.ref.WeakReference<>(ref));
  }

  @Test
  void theHoldsOfABorrowerThatDiesAreReleased() {
    CoreWorker core = ((RayRuntimeImpl) Ray.internal()).core();
    ActorHandle<RefHolder> holder = Ray.actor(RefHolder::new).remote();
    ByteString id = lendToHolder(holder, 6).id();
    holder.task(RefHolder::die).remote();
    io.jray.testing.Await.until("the owner frees the object once its only borrower died",
        java.time.Duration.ofSeconds(60), () -> {
          System.gc();
          return !core.store().contains(id);
        });
  }

  /** An object lent to an actor: its id, and this driver's ref to it, weakly (dropped when the test lets go). */
  private record Lent(ByteString id, java.lang.ref.WeakReference<ObjectRef<Integer>> ref) {}

  /** Puts a value and hands its ref to the actor inside an argument; this frame's ref is the only one here. */
  private static Lent lendToHolder(ActorHandle<RefHolder> holder, int value) {
    ObjectRef<Integer> ref = Ray.put(value);
    assertEquals(1, holder.task(RefHolder::hold, List.of(ref)).remote().get());
    return new Lent(idOf(ref), new java.lang.ref.WeakReference<>(ref));
  }

  @Test
  void anObjectAWorkerReturnsInsideAValueLivesWhileTheCallerHoldsIt() {
    ActorHandle<RefHolder> holder = Ray.actor(RefHolder::new).remote();
    byte[] id = readReturnedRef(holder, 9);
    io.jray.testing.Await.until("the actor frees its object once the driver dropped the ref",
        java.time.Duration.ofSeconds(60), () -> {
          System.gc();
          return !holder.task(RefHolder::owns, id).remote().get();
        });
  }

  private static byte[] readReturnedRef(ActorHandle<RefHolder> holder, int value) {
    ObjectRef<ObjectRef<Integer>> outer = holder.task(RefHolder::putAndReturn, value).remote();
    ObjectRef<Integer> inner = outer.get();
    holder.task(RefHolder::collectGarbage).remote().get();   // the actor's own ref object is gone
    assertTrue(holder.task(RefHolder::owns, inner.getId().getBytes()).remote().get(), "the driver borrows it");
    assertEquals(value, inner.get());
    return inner.getId().getBytes();
  }

  @Test
  void tasksAndOwnedObjectsAreReportedToTheGcs() {
    ObjectRef<byte[]> big = Ray.put(TestFunctions.randomBytes(1, 99));
    ObjectRef<Integer> squared = Ray.task(TestFunctions::square, 6).setName("listed-square").remote();
    assertEquals(36, squared.get());
    io.jray.runtime.gcs.GcsClient gcs = cluster.gcs();
    io.jray.testing.Await.until("the GCS lists the finished task", java.time.Duration.ofSeconds(30),
        () -> gcs.listTasks(0).getTasksList().stream().anyMatch(t -> t.getName().equals("listed-square")
                && t.getState() == io.jray.proto.TaskStatus.TASK_FINISHED && !t.getNodeId().isEmpty()));
    io.jray.testing.Await.until("the GCS lists the object, stored, owned by this driver", java.time.Duration.ofSeconds(30),
        () -> gcs.listObjects(0).getObjectsList().stream().anyMatch(o -> o.getObject().getObjectId().equals(idOf(big))
                && !o.getObject().getLocation().equals("INLINE") && o.getOwnerPid() == ProcessHandle.current().pid()));
    assertEquals(1 << 20, big.get().length, "the object stays referenced while it is listed");
  }

  @Test
  void aTaskWaitingForOneQueuedBehindItOnItsWorkerDoesNotDeadlock() {
    // "special" fits one task at a time: every such task goes to one leased worker (kept, not returned when idle
    // for a moment), pipelined once its tasks prove short.
    String idle = System.setProperty(JrayConfig.WORKER_LEASE_IDLE_MS.propertyName(), "600000");
    try {
      for (int i = 0; i < 20; i++) {
        assertEquals(i * i, Ray.task(TestFunctions::square, i).setResource("special", 1.0).remote().get());
      }
      ObjectRef<Integer> late = Ray.task(TestFunctions::squareAfter, 3, 1000L).remote();
      ObjectRef<Integer> producer = Ray.task(TestFunctions::square, late).setResource("special", 1.0).remote();
      // Pushed at once (its argument is a list, not a ref to wait for), it blocks in get on the producer, which is
      // pipelined behind it when its own argument is ready.
      ObjectRef<Integer> consumer =
          Ray.task(TestFunctions::sumOfRefs, List.of(producer)).setResource("special", 1.0).remote();
      assertEquals(81, consumer.get(60_000));
    } finally {
      if (idle == null) {
        System.clearProperty(JrayConfig.WORKER_LEASE_IDLE_MS.propertyName());
      } else {
        System.setProperty(JrayConfig.WORKER_LEASE_IDLE_MS.propertyName(), idle);
      }
    }
  }

  @Test
  void aWorkerLeasedByAnOwnerThatDiedIsFreedForOthers() throws Exception {
    Path marker = Files.createTempDirectory("jray-owner-dies").resolve("leased");
    ObjectRef<Integer> owner = Ray.task(TestFunctions::leaseSoloThenDie, marker.toString()).setMaxRetries(0).remote();
    assertThrows(RayWorkerException.class, () -> owner.get(60_000));
    // Used by no other test: this driver holds no idle lease of it.
    assertEquals(node2, Ray.task(TestFunctions::nodeId).setResource("solo", 1.0).remote().get(60_000),
        "the only worker \"solo\" fits was leased by the dead owner; it must be freed");
  }

  @Test
  void tasksWaitingOnSubtasksDeeperThanTheClusterHasCpusDoNotDeadlock() {
    // 4 CPUs in all: without a blocked task lending its CPU, the fifth level could never be leased.
    assertEquals(6, Ray.task(TestFunctions::nestedDepth, 6).remote().get(120_000));
  }

  @Test
  void voidTasksRun() {
    Ray.task(TestFunctions::noop).remote();
    assertEquals(1, Ray.task(TestFunctions::square, 1).remote().get());
  }

  @Test
  void anErrorReadingATasksArgumentOrWritingItsResultIsTheTasksError() {
    RayTaskException reading = assertThrows(RayTaskException.class,
        () -> Ray.task(TestFunctions::take, new TestFunctions.Bomb("read")).remote().get(60_000));
    assertTrue(reading.getRemoteStackTrace().contains(StackOverflowError.class.getName()), reading::getMessage);
    RayTaskException writing = assertThrows(RayTaskException.class,
        () -> Ray.task(TestFunctions::makeBomb, "write").remote().get(60_000));
    assertTrue(writing.getRemoteStackTrace().contains(OutOfMemoryError.class.getName()), writing::getMessage);
    assertEquals(4, Ray.task(TestFunctions::square, 2).remote().get(60_000), "the worker still runs tasks");
  }

  @Test
  void aStrayTaskStreamThatBreaksDoesNotEndALeasedWorker() throws Exception {
    Path marker = cluster.newTempDir("stray").resolve("port");
    ObjectRef<Long> running = Ray.task(TestFunctions::portThenSleep, marker.toString(), 3000L).setMaxRetries(0).remote();
    io.jray.testing.Await.until("the task reports its worker's port", java.time.Duration.ofSeconds(60),
        () -> Files.exists(marker));
    io.jray.proto.Address worker = io.jray.proto.Address.newBuilder().setIp("127.0.0.1")
        .setPort(Integer.parseInt(Files.readString(marker))).build();
    try (io.jray.runtime.rpc.PeerChannels stranger = new io.jray.runtime.rpc.PeerChannels(cluster.token())) {
      java.util.concurrent.CompletableFuture<io.grpc.Status> ended = new java.util.concurrent.CompletableFuture<>();
      java.util.concurrent.CompletableFuture<Void> answered = new java.util.concurrent.CompletableFuture<>();
      io.grpc.stub.StreamObserver<io.jray.proto.PushTaskRequest> stray = stranger.coreWorker(worker)
          .pushTasks(new io.grpc.stub.StreamObserver<>() {
            @Override
            public void onNext(io.jray.proto.StreamedTaskReply value) {
              answered.complete(null);
            }

            @Override
            public void onError(Throwable t) {
              ended.complete(io.grpc.Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
              ended.complete(io.grpc.Status.OK);
            }
          });
      // A message that names no owner (the worker answers it with an error), then the caller hangs up.
      stray.onNext(io.jray.proto.PushTaskRequest.newBuilder().setSequenceNumber(0).build());
      // Only once the worker has answered is the stream surely open on its side, so that it sees the hang-up.
      answered.get(30, java.util.concurrent.TimeUnit.SECONDS);
      stray.onError(new IllegalStateException("a token holder that is not the lease's owner hangs up"));
      ended.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    // The worker has handled the hang-up once it says so in its log (before the fix it halted there instead).
    io.jray.testing.Await.until("the worker logs that the stray stream ended", java.time.Duration.ofSeconds(60),
        () -> workerLogsContain("it was nobody's lease, so this worker goes on"));
    long pid = running.get(60_000);
    assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the worker lives on");
  }

  private static boolean workerLogsContain(String text) {
    for (io.jray.node.NodeLauncher.StartedNode node : cluster.nodes()) {
      try (java.util.stream.Stream<Path> files = Files.list(node.layout().logsDir())) {
        for (Path file : files.filter(f -> f.getFileName().toString().startsWith("worker-")).toList()) {
          if (Files.readString(file).contains(text)) {
            return true;
          }
        }
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        // a log being rotated or removed: look again
      }
    }
    return false;
  }

  @Test
  void aDriverRefusesActorCallsAndKeepsWorking() throws Exception {
    CoreWorker core = ((RayRuntimeImpl) Ray.internal()).core();
    try (io.jray.runtime.rpc.PeerChannels caller = new io.jray.runtime.rpc.PeerChannels(cluster.token())) {
      java.util.concurrent.CompletableFuture<io.grpc.Status> ended = new java.util.concurrent.CompletableFuture<>();
      io.grpc.stub.StreamObserver<io.jray.proto.PushTaskRequest> calls = caller.coreWorker(core.address())
          .pushActorTasks(new io.grpc.stub.StreamObserver<>() {
            @Override
            public void onNext(io.jray.proto.StreamedTaskReply value) {
              ended.complete(io.grpc.Status.OK.withDescription("a driver answered an actor call"));
            }

            @Override
            public void onError(Throwable t) {
              ended.complete(io.grpc.Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
              ended.complete(io.grpc.Status.OK);
            }
          });
      calls.onNext(io.jray.proto.PushTaskRequest.newBuilder().setSequenceNumber(0).build());
      io.grpc.Status status = ended.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals(io.grpc.Status.Code.FAILED_PRECONDITION, status.getCode(), status::toString);
      assertTrue(status.getDescription().contains("driver"), status::toString);
      calls.onCompleted();
    }
    assertEquals(9, Ray.task(TestFunctions::square, 3).remote().get(60_000), "the driver keeps working");
  }
}
