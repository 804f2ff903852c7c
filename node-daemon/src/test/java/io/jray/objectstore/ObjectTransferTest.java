package io.jray.objectstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.runtime.objectstore.ObjectStoreClient;
import io.jray.runtime.objectstore.ObjectStoreException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two real stores pulling objects from each other over gRPC. */
class ObjectTransferTest {
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
  void pullTransfersA200MbObjectIntact() throws Exception {
    TestStore source = start(512L * MB);
    TestStore target = start(512L * MB);
    byte[] id = TestStore.randomId();
    byte[] data = TestData.bytes(200 * MB, 11);
    source.client.put(id, data);

    assertFalse(target.client.contains(id));
    assertEquals(200L * MB, target.client.pull(id, "127.0.0.1", source.server.port()));
    assertTrue(target.client.contains(id));
    assertEquals(TestData.crc(data), TestData.crc(target.client.get(id, 0)));
    assertEquals(0, source.client.stats().pinnedBytes(), "the source released the object after streaming it");
    assertEquals(200L * MB, target.client.pull(id, "127.0.0.1", source.server.port()), "a second pull is a no-op");
  }

  @Test
  void concurrentPullsOfOneObjectShareOneTransfer() throws Exception {
    TestStore source = start(64L * MB);
    TestStore target = start(64L * MB);
    byte[] id = TestStore.randomId();
    byte[] data = TestData.bytes(20 * MB, 12);
    source.client.put(id, data);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> pulls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        pulls.add(pool.submit(() -> target.client.pull(id, "127.0.0.1", source.server.port())));
      }
      for (Future<Long> pull : pulls) {
        assertEquals(20L * MB, pull.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(TestData.crc(data), TestData.crc(target.client.get(id, 0)));
    assertEquals(1, target.client.stats().objects());
  }

  @Test
  void pullingAnObjectTheOtherStoreDoesNotHaveFailsClearly() throws Exception {
    TestStore source = start(16L * MB);
    TestStore target = start(16L * MB);
    byte[] id = TestStore.randomId();
    ObjectStoreException e = assertThrows(ObjectStoreException.class,
        () -> target.client.pull(id, "127.0.0.1", source.server.port(), 100));
    assertTrue(e.getMessage().contains("NOT_FOUND"), e.getMessage());
    assertFalse(target.client.contains(id));
    assertEquals(0, target.client.stats().usedBytes(), "nothing left half-pulled");
  }

  @Test
  void pullWaitsForAnObjectStillBeingCreatedAtTheSource() throws Exception {
    TestStore source = start(16L * MB);
    TestStore target = start(16L * MB);
    byte[] id = TestStore.randomId();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Long> pull = pool.submit(() -> target.client.pull(id, "127.0.0.1", source.server.port(), 20_000));
      source.client.put(id, TestData.bytes(3 * MB, 13));
      assertEquals(3L * MB, pull.get(30, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
    assertEquals(TestData.crc(TestData.bytes(3 * MB, 13)), TestData.crc(target.client.get(id, 0)));
  }

  @Test
  void pulledCopiesAreEvictedUnlessPinned() throws Exception {
    TestStore source = start(64L * MB);
    TestStore target = start(64L * MB);
    ObjectStoreClient client = target.client;
    byte[] pinned = TestStore.randomId();
    byte[] unpinned = TestStore.randomId();
    byte[] pinnedData = TestData.bytes(15 * MB, 21);
    source.client.put(pinned, pinnedData);
    source.client.put(unpinned, TestData.bytes(15 * MB, 22));
    client.pull(pinned, "127.0.0.1", source.server.port());
    client.pull(unpinned, "127.0.0.1", source.server.port());
    ByteBuffer view = client.getView(pinned, 0);

    for (int i = 0; i < 5; i++) {
      client.put(TestStore.randomId(), TestData.bytes(15 * MB, 23 + i));
    }
    assertFalse(client.contains(unpinned), "the unpinned secondary copy was dropped for space");
    assertTrue(client.contains(pinned), "the pinned one was not");
    assertEquals(TestData.crc(pinnedData), TestData.crc(view));
    ObjectStoreClient.StoreStats stats = client.stats();
    assertEquals(1, stats.evictionCount());
    assertEquals(stats.spillCount(), target.spillFileCount(), "secondary copies are never spilled");
    client.release(pinned);
  }
}
