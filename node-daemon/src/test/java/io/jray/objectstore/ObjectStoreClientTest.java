package io.jray.objectstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.jray.proto.ObjectStoreServiceGrpc;
import io.jray.proto.StoreConnectReply;
import io.jray.proto.StoreConnectRequest;
import io.jray.runtime.objectstore.ObjectStoreClient;
import io.jray.runtime.objectstore.ObjectStoreException;
import io.jray.runtime.objectstore.ObjectStoreFullException;
import io.jray.runtime.rpc.RpcChannels;
import io.jray.testing.Await;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store and its client against each other, over real gRPC and a real arena in /dev/shm. */
class ObjectStoreClientTest {
  private static final int MB = 1 << 20;

  private final List<TestStore> stores = new ArrayList<>();

  private TestStore start(long capacity) throws Exception {
    TestStore store = TestStore.start(capacity);
    stores.add(store);
    return store;
  }

  @AfterEach
  void stopStores() {
    stores.forEach(TestStore::close);
  }

  @Test
  void smallAndLargeValuesComeBackIntact() throws Exception {
    ObjectStoreClient client = start(512L * MB).client;
    byte[] empty = TestStore.randomId();
    byte[] small = TestStore.randomId();
    byte[] large = TestStore.randomId();
    byte[] smallData = TestData.bytes(100, 1);
    byte[] largeData = TestData.bytes(200 * MB, 2);
    client.put(empty, new byte[0]);
    client.put(small, smallData);
    client.put(large, largeData);

    assertArrayEquals(new byte[0], client.get(empty, 0));
    assertArrayEquals(smallData, client.get(small, 0));
    assertEquals(TestData.crc(largeData), TestData.crc(client.get(large, 0)));
    ByteBuffer view = client.getView(large, 0);
    assertTrue(view.isReadOnly());
    assertEquals(TestData.crc(largeData), TestData.crc(view));
    client.release(large);
    assertTrue(client.contains(large));
    assertEquals(0, client.stats().pinnedBytes(), "every Get was released");
  }

  @Test
  void valuesWrittenInPlaceAreReadBack() throws Exception {
    ObjectStoreClient client = start(64L * MB).client;
    byte[] id = TestStore.randomId();
    client.put(id, 8 * 1000, buffer -> {
      for (long i = 0; i < 1000; i++) {
        buffer.putLong(i * i);
      }
    });
    ByteBuffer view = client.getView(id, 0);
    for (int i = 0; i < 1000; i++) {
      assertEquals((long) i * i, view.getLong(i * 8));
    }
    client.release(id);
  }

  @Test
  void aWriterThatFailsLeavesNoObjectBehind() throws Exception {
    ObjectStoreClient client = start(64L * MB).client;
    byte[] id = TestStore.randomId();
    assertThrows(IllegalStateException.class, () -> client.put(id, MB, buffer -> {
      throw new IllegalStateException("writer failed");
    }));
    assertFalse(client.contains(id));
    assertEquals(0, client.stats().usedBytes());
    client.put(id, new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, client.get(id, 0));
  }

  @Test
  void aStoreSmallerThanItsDataSpillsAndGivesEveryValueBack() throws Exception {
    TestStore store = start(64L * MB);
    ObjectStoreClient client = store.client;
    List<byte[]> ids = new ArrayList<>();
    List<Long> crcs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      byte[] id = TestStore.randomId();
      byte[] data = TestData.bytes(10 * MB + i, 100 + i);
      client.put(id, data);
      ids.add(id);
      crcs.add(TestData.crc(data));
    }
    ObjectStoreClient.StoreStats stats = client.stats();
    assertTrue(stats.spilledObjects() >= 6, "120 MB in 64 MB spills at least 6 objects: " + stats);
    assertEquals(stats.spillCount(), store.spillFileCount());
    assertTrue(stats.usedBytes() <= stats.capacityBytes());

    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < ids.size(); i++) {
        assertEquals(crcs.get(i), TestData.crc(client.get(ids.get(i), 0)), "object " + i + " round " + round);
      }
    }
    assertTrue(client.stats().restoreCount() >= 6);

    assertEquals(12, client.delete(ids));
    assertEquals(0, store.spillFileCount(), "deleting spilled objects removes their spill files");
    assertEquals(0, client.stats().usedBytes());
    assertEquals(0, client.stats().objects());
  }

  @Test
  void pinnedObjectsAreNeverSpilled() throws Exception {
    ObjectStoreClient client = start(64L * MB).client;
    byte[] pinned = TestStore.randomId();
    byte[] pinnedData = TestData.bytes(20 * MB, 7);
    client.put(pinned, pinnedData);
    ByteBuffer view = client.getView(pinned, 0);

    for (int i = 0; i < 8; i++) {
      client.put(TestStore.randomId(), TestData.bytes(20 * MB, 8 + i));
    }
    // Had it been spilled, its space would hold one of the later objects by now.
    assertEquals(TestData.crc(pinnedData), TestData.crc(view));
    assertEquals(20L * MB, client.stats().pinnedBytes());
    client.release(pinned);
    assertEquals(TestData.crc(pinnedData), TestData.crc(client.get(pinned, 0)));
  }

  @Test
  void whenEverythingIsPinnedCreateFailsNamingTheCapacity() throws Exception {
    ObjectStoreClient client = start(64L * MB).client;
    List<byte[]> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      byte[] id = TestStore.randomId();
      client.put(id, TestData.bytes(20 * MB, i));
      assertNotNull(client.getView(id, 0));
      held.add(id);
    }
    byte[] extra = TestStore.randomId();
    ObjectStoreFullException full = assertThrows(ObjectStoreFullException.class,
        () -> client.put(extra, new byte[20 * MB]));
    assertTrue(full.getMessage().contains("capacity of 64.0 MiB (67108864 bytes)"), full.getMessage());
    assertFalse(client.contains(extra));

    client.release(held.get(0));
    client.put(extra, new byte[20 * MB]);
    assertTrue(client.contains(extra));
  }

  @Test
  void anObjectLargerThanTheCapacityFailsClearly() throws Exception {
    ObjectStoreClient client = start(64L * MB).client;
    ObjectStoreFullException e = assertThrows(ObjectStoreFullException.class,
        () -> client.put(TestStore.randomId(), new byte[65 * MB]));
    assertTrue(e.getMessage().contains("larger than the object store's capacity of 64.0 MiB (67108864 bytes)"),
        e.getMessage());
    byte[] id = TestStore.randomId();
    client.put(id, new byte[] {42});
    assertArrayEquals(new byte[] {42}, client.get(id, 0), "the store still works");
  }

  @Test
  void objectsLiveInSeveralChunksAndNoneIsLargerThanOne() throws Exception {
    TestStore store = TestStore.start(64L * MB, o -> o.withChunkBytes(16L * MB));
    stores.add(store);
    ObjectStoreClient client = store.client;
    List<byte[]> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      byte[] id = TestStore.randomId();
      client.put(id, TestData.bytes(15 * MB, 30 + i));
      ids.add(id);
    }
    assertEquals(0, client.stats().spillCount(), "four 15 MB objects fit in four 16 MB chunks");
    for (int i = 0; i < 4; i++) {
      assertEquals(TestData.crc(TestData.bytes(15 * MB, 30 + i)), TestData.crc(client.get(ids.get(i), 0)));
    }
    ObjectStoreFullException e = assertThrows(ObjectStoreFullException.class,
        () -> client.put(TestStore.randomId(), new byte[17 * MB]));
    assertTrue(e.getMessage().contains("one arena chunk"), e.getMessage());
  }

  @Test
  void aDeletedObjectStaysReadableUntilItsReaderReleasesIt() throws Exception {
    ObjectStoreClient client = start(64L * MB).client;
    byte[] id = TestStore.randomId();
    byte[] data = TestData.bytes(30 * MB, 5);
    client.put(id, data);
    ByteBuffer view = client.getView(id, 0);
    assertTrue(client.delete(id));
    assertFalse(client.contains(id));
    client.put(TestStore.randomId(), new byte[30 * MB]);
    assertEquals(TestData.crc(data), TestData.crc(view), "its space was not reused while pinned");
    long used = client.stats().usedBytes();
    client.release(id);
    assertEquals(used - 30L * MB, client.stats().usedBytes(), "freed at the release");
  }

  @Test
  void thePinsOfAClientThatGoesAwayAreReleased() throws Exception {
    TestStore store = start(64L * MB);
    byte[] id = TestStore.randomId();
    store.client.put(id, new byte[10 * MB]);
    ObjectStoreClient reader = new ObjectStoreClient(store.address(), TestStore.TOKEN);
    try {
      assertNotNull(reader.getView(id, 0));
      assertNotNull(reader.getView(id, 0));
      assertEquals(10L * MB, store.client.stats().pinnedBytes());
      store.client.delete(id);
      assertEquals(10L * MB, store.client.stats().usedBytes(), "deleted but still pinned by the reader");
    } finally {
      reader.close();
    }
    Await.until("the reader's pins are released", Duration.ofSeconds(10),
        () -> store.client.stats().pinnedBytes() == 0 && store.client.stats().usedBytes() == 0);
  }

  @Test
  void aReleaseOnlyDropsThePinsOfItsOwnClient() throws Exception {
    TestStore store = start(64L * MB);
    byte[] id = TestStore.randomId();
    store.client.put(id, new byte[MB]);
    try (ObjectStoreClient other = new ObjectStoreClient(store.address(), TestStore.TOKEN)) {
      assertNotNull(other.getView(id, 0));
      store.client.release(id);
      assertEquals(MB, store.client.stats().pinnedBytes(), "a client cannot release another's pin");
      other.release(id);
      assertEquals(0, store.client.stats().pinnedBytes());
    }
  }

  @Test
  void getWaitsForAnObjectBeingCreated() throws Exception {
    ObjectStoreClient client = start(64L * MB).client;
    byte[] id = TestStore.randomId();
    CountDownLatch created = new CountDownLatch(1);
    CountDownLatch mayFinish = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> writer = pool.submit(() -> client.put(id, 4, buffer -> {
        created.countDown();
        await(mayFinish);
        buffer.putInt(1234);
      }));
      assertTrue(created.await(10, TimeUnit.SECONDS));
      Future<byte[]> reader = pool.submit(() -> client.get(id, 20_000));
      assertThrows(TimeoutException.class, () -> reader.get(300, TimeUnit.MILLISECONDS),
          "a Get must not return an object before it is sealed");
      mayFinish.countDown();
      writer.get(10, TimeUnit.SECONDS);
      assertEquals(1234, ByteBuffer.wrap(reader.get(10, TimeUnit.SECONDS)).getInt());
    } finally {
      mayFinish.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void getOfAnUnknownObjectGivesNullAfterTheTimeout() throws Exception {
    ObjectStoreClient client = start(16L * MB).client;
    long start = System.nanoTime();
    assertNull(client.get(TestStore.randomId(), 200));
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200));
    assertNull(client.get(TestStore.randomId(), 0));
  }

  @Test
  void creatingAnExistingObjectFails() throws Exception {
    ObjectStoreClient client = start(16L * MB).client;
    byte[] id = TestStore.randomId();
    client.put(id, new byte[] {1});
    ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> client.put(id, new byte[] {2}));
    assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    assertArrayEquals(new byte[] {1}, client.get(id, 0), "the first value is untouched");
  }

  @Test
  void concurrentPutsFromSeveralThreadsAllComeBack() throws Exception {
    ObjectStoreClient client = start(256L * MB).client;
    runConcurrentPuts(client, 8, 40, 256 * 1024);
    assertEquals(0, client.stats().spillCount());
  }

  @Test
  void concurrentPutsThatOverflowTheStoreSpillAndAllComeBack() throws Exception {
    ObjectStoreClient client = start(32L * MB).client;
    runConcurrentPuts(client, 4, 25, 2 * MB);
    assertTrue(client.stats().spillCount() > 0);
  }

  @Test
  void stoppingTheStoreRemovesItsArenaAndSpillFiles() throws Exception {
    TestStore store = start(32L * MB);
    for (int i = 0; i < 6; i++) {
      store.client.put(TestStore.randomId(), TestData.bytes(10 * MB, i));
    }
    Path arena = Path.of(store.client.stats().arenaPath());
    assertTrue(Files.exists(arena));
    assertTrue(arena.startsWith(store.shmDir));
    assertTrue(store.spillFileCount() >= 3);

    store.stop();
    assertFalse(Files.exists(arena));
    assertFalse(Files.exists(store.shmDir), "the shm folder is gone");
    assertEquals(0, store.spillFileCount(), "the spill files are gone");
    assertTrue(Files.isDirectory(store.spillDir), "the session's spill folder itself stays");
  }

  @Test
  void aClientWithTheWrongTokenIsRejected() throws Exception {
    TestStore store = start(16L * MB);
    ObjectStoreException e = assertThrows(ObjectStoreException.class, () -> new ObjectStoreClient(store.address(),
        io.jray.runtime.rpc.AuthToken.of("not-the-token")));
    assertTrue(e.getMessage().contains("rejected this process's cluster token"), e.getMessage());
  }

  private static void runConcurrentPuts(ObjectStoreClient client, int threads, int perThread, int maxSize)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          List<byte[]> ids = new ArrayList<>();
          List<Integer> sizes = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            byte[] id = TestStore.randomId();
            int size = ThreadLocalRandom.current().nextInt(1, maxSize);
            client.put(id, TestData.bytes(size, thread * 1000L + i));
            ids.add(id);
            sizes.add(size);
          }
          for (int i = 0; i < perThread; i++) {
            byte[] back = client.get(ids.get(i), 0);
            assertNotNull(back, "thread " + thread + " object " + i);
            assertEquals(TestData.crc(TestData.bytes(sizes.get(i), thread * 1000L + i)), TestData.crc(back),
                "thread " + thread + " object " + i);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals((long) threads * perThread, client.stats().objects());
  }

  @Test
  void anArenaFillingPastTheCollectFractionAsksItsClientsToCollectGarbage() throws Exception {
    TestStore store = start(64L * MB);
    BlockingQueue<StoreConnectReply> notices = new LinkedBlockingQueue<>();
    ManagedChannel channel = RpcChannels.open(store.address());
    try {
      ObjectStoreServiceGrpc.newStub(channel).withCallCredentials(RpcChannels.credentials(TestStore.TOKEN))
          .connect(StoreConnectRequest.newBuilder().setClientId(ByteString.copyFrom(TestStore.randomId())).build(),
              new StreamObserver<>() {
                @Override
                public void onNext(StoreConnectReply notice) {
                  notices.add(notice);
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {}
              });
      for (int i = 0; i < 4; i++) {
        store.client.put(TestStore.randomId(), new byte[8 * MB]); // half the arena, not more
      }
      // Past half: every create asks (at most every 250 ms); the session above may register after a first ask.
      StoreConnectReply notice = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (notice == null && System.nanoTime() < deadline) {
        byte[] id = TestStore.randomId();
        store.client.put(id, new byte[MB]);
        store.client.delete(List.of(id));
        notice = notices.poll(300, TimeUnit.MILLISECONDS);
        if (notice != null && !notice.getCollectGarbage()) {
          notice = null; // the message that says the session is open
        }
      }
      assertNotNull(notice, "no request to collect garbage came while the arena was more than half full");
      assertTrue(notice.getCollectGarbage());
    } finally {
      RpcChannels.close(channel);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void objectsACreatorLeftUnsealedAreReclaimedWhenItDies() throws Exception {
    System.setProperty(io.jray.runtime.config.JrayConfig.OBJECT_STORE_SESSION_GRACE_MS.propertyName(), "300");
    TestStore store;
    try {
      store = start(64L * MB);
    } finally {
      System.clearProperty(io.jray.runtime.config.JrayConfig.OBJECT_STORE_SESSION_GRACE_MS.propertyName());
    }
    byte[] retried = TestStore.randomId();
    byte[] abandoned = TestStore.randomId();
    // A creator with a session creates two objects and dies before sealing them (its connection drops).
    ManagedChannel channel = RpcChannels.open(store.address());
    ByteString creator = ByteString.copyFrom(TestStore.randomId());
    var stub = ObjectStoreServiceGrpc.newBlockingStub(channel).withCallCredentials(RpcChannels.credentials(TestStore.TOKEN));
    java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(1);
    ObjectStoreServiceGrpc.newStub(channel).withCallCredentials(RpcChannels.credentials(TestStore.TOKEN))
        .connect(StoreConnectRequest.newBuilder().setClientId(creator).build(), new StreamObserver<>() {
          @Override
          public void onNext(StoreConnectReply value) {
            open.countDown(); // the store says the session is open
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        });
    // A session the store never saw open has nothing to end: the creator's objects are its session's only once open.
    assertTrue(open.await(30, TimeUnit.SECONDS), "the creator's session opened");
    for (byte[] id : List.of(retried, abandoned)) {
      stub.create(io.jray.proto.StoreCreateRequest.newBuilder().setObjectId(ByteString.copyFrom(id)).setSize(4L * MB)
          .setPrimary(true).setClientId(creator).build());
    }
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    // The task's retry on this node creates the same object again.
    byte[] data = TestData.bytes(4 * MB, 7);
    Await.until("the retry can create the object the dead creator left unsealed", Duration.ofSeconds(30), () -> {
      try {
        store.client.put(retried, data);
        return true;
      } catch (ObjectStoreException alreadyExists) {
        return false;
      }
    });
    assertArrayEquals(data, store.client.get(retried, 0));
    Await.until("the other unsealed object's space is reclaimed", Duration.ofSeconds(30),
        () -> store.client.stats().usedBytes() <= 4L * MB);
  }

  @Test
  void aSessionStreamThatBreaksIsReopenedAndKeepsItsPins() throws Exception {
    long graceMs = 300;
    System.setProperty(io.jray.runtime.config.JrayConfig.OBJECT_STORE_SESSION_GRACE_MS.propertyName(), "" + graceMs);
    TestStore store;
    try {
      store = start(64L * MB);
    } finally {
      System.clearProperty(io.jray.runtime.config.JrayConfig.OBJECT_STORE_SESSION_GRACE_MS.propertyName());
    }
    try (TcpProxy proxy = new TcpProxy(store.server.port());
        ObjectStoreClient client = new ObjectStoreClient(new io.jray.runtime.rpc.HostPort("127.0.0.1", proxy.port()),
            TestStore.TOKEN)) {
      byte[] id = TestStore.randomId();
      client.put(id, TestData.bytes(2 * MB, 3));
      ByteBuffer view = client.getView(id, 0);
      assertNotNull(view);
      Await.until("the session is open through the proxy", Duration.ofSeconds(30), () -> proxy.accepted() >= 1);
      proxy.severAll(); // a network blip: every connection of the client drops, the process lives on
      long severed = System.nanoTime();
      Await.until("the client reopens its session", Duration.ofSeconds(30), () -> proxy.accepted() >= 2
          && store.store().sessionOpen(clientIdOf(client)));
      // What must not happen takes a grace period to show: wait it out (three times over) before looking.
      Await.until("the grace period of the broken stream is over", Duration.ofSeconds(30),
          () -> System.nanoTime() - severed > TimeUnit.MILLISECONDS.toNanos(3 * graceMs));
      assertTrue(store.client.stats().pinnedBytes() >= 2L * MB, "the live client's pin is kept");
      client.release(id);
      Await.until("its release is the one that unpins", Duration.ofSeconds(30),
          () -> store.client.stats().pinnedBytes() == 0);
    }
  }

  private static ByteString clientIdOf(ObjectStoreClient client) {
    return client.clientId();
  }

  /** Forwards TCP connections to a port on 127.0.0.1, and drops them all on demand, as a network blip does. */
  private static final class TcpProxy implements AutoCloseable {
    private final java.net.ServerSocket listener = new java.net.ServerSocket(0, 50,
        java.net.InetAddress.getLoopbackAddress());
    private final List<java.net.Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
    private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "tcp-proxy");
      t.setDaemon(true);
      return t;
    });

    TcpProxy(int target) throws java.io.IOException {
      pumps.execute(() -> {
        while (!listener.isClosed()) {
          try {
            java.net.Socket in = listener.accept();
            java.net.Socket out = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), target);
            open.add(in);
            open.add(out);
            accepted.incrementAndGet();
            pumps.execute(() -> pump(in, out));
            pumps.execute(() -> pump(out, in));
          } catch (java.io.IOException closed) {
            return;
          }
        }
      });
    }

    private static void pump(java.net.Socket from, java.net.Socket to) {
      try {
        from.getInputStream().transferTo(to.getOutputStream());
      } catch (java.io.IOException dropped) {
        // severed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }

    private static void closeQuietly(java.net.Socket socket) {
      try {
        socket.close();
      } catch (java.io.IOException ignored) {
        // already closed
      }
    }

    int port() {
      return listener.getLocalPort();
    }

    int accepted() {
      return accepted.get();
    }

    void severAll() {
      open.forEach(TcpProxy::closeQuietly);
      open.clear();
    }

    @Override
    public void close() throws java.io.IOException {
      listener.close();
      severAll();
      pumps.shutdownNow();
    }
  }
}
