package io.jray.objectstore;

import com.google.protobuf.ByteString;
import io.jray.objectstore.ObjectEntry.State;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * The node's objects: their table, the arena space they hold, and what happens when space runs short. A Create
 * that does not fit first drops unpinned secondary copies (least recently used first), then spills unpinned
 * primary copies to the spill dir, then fails with {@link StoreException.Reason#FULL}. A Get of a spilled object
 * restores it into the arena (spilling others if it must); a pinned object is never evicted or spilled.
 *
 * <p>Threads: any number (the gRPC handlers). ONE lock, {@link #lock}, guards the table, the allocator, the pins
 * of each client session and every {@link ObjectEntry}; waiting Gets wait on its condition. Copies between the
 * arena and spill files (and transfer writes) run with the lock released and the object marked busy meanwhile,
 * so a slow disk never stalls other requests.
 */
final class ObjectStore implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ObjectStore.class.getName());

  /** Where an object lies, as clients address it: {@code offset} inside mapped chunk {@code chunk}. */
  record Location(int chunk, long offset, long size) {}

  /** A snapshot of the store's occupancy and of what it did to make room since it started. */
  record Stats(long capacity, long usedBytes, long objects, long spilledObjects, long spilledBytes, long pinnedBytes,
      long spills, long restores, long evictions) {}

  private final Arena arena;
  private final SpillDir spillDir;
  private final Allocator allocator;
  private final ObjectTable table = new ObjectTable();
  /** The pins each client session holds, so they can be released if the client goes away. */
  private final Map<ByteString, Map<ObjectEntry, Integer>> pinsByClient = new HashMap<>();
  /** The unsealed objects each client session is writing, reclaimed if the session ends first. */
  private final Map<ByteString, java.util.Set<ObjectEntry>> creating = new HashMap<>();
  /** Client sessions whose stream is open now (a count: a reconnect may overlap the old stream's end). */
  private final Map<ByteString, Integer> connected = new HashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled whenever an object becomes readable or goes, or space may have come free. */
  private final Condition changed = lock.newCondition();
  private int spillsInFlight;
  private long spills;
  private long restores;
  private long evictions;
  /** Set without the lock, so a stop is seen even by a request that holds the lock for long. */
  private volatile boolean closed;

  ObjectStore(Arena arena, SpillDir spillDir) {
    this.arena = arena;
    this.spillDir = spillDir;
    this.allocator = new Allocator(arena.chunkSize(), arena.chunkLengths());
  }

  Arena arena() {
    return arena;
  }

  Path spillPath() {
    return spillDir.path();
  }

  /** {@link #create(ByteString, long, boolean, ByteString)} for a creator without a session (a transfer). */
  Location create(ByteString id, long size, boolean primary) {
    return create(id, size, primary, ByteString.EMPTY);
  }

  /**
   * Allocates space for an object its creator will write and then {@link #seal}. An unsealed object of the same
   * id whose creator's session is no longer open (the creator died mid-write) is reclaimed first, so the retry of
   * the task that made it can create it again.
   */
  Location create(ByteString id, long size, boolean primary, ByteString creator) {
    if (size < 0) {
      throw new IllegalArgumentException("an object's size cannot be negative (" + size + ")");
    }
    if (size > arena.largestObject()) {
      throw tooLarge(size);
    }
    lock.lock();
    try {
      checkOpen();
      ObjectEntry existing = table.get(id);
      if (existing != null && abandoned(existing)) {
        abort(existing);
        existing = table.get(id);
      }
      if (existing != null) {
        throw new StoreException(StoreException.Reason.EXISTS, existing.deleted
            ? "object " + existing.idHex() + " was deleted but is still being read; it cannot be created again yet"
            : "object " + existing.idHex() + " already exists in this object store");
      }
      ObjectEntry entry = new ObjectEntry(id, size, primary);
      entry.creator = creator;
      if (!creator.isEmpty()) {
        creating.computeIfAbsent(creator, c -> new HashSet<>()).add(entry);
      }
      entry.busy = true;
      table.add(entry);
      try {
        entry.address = allocate(size);
      } catch (RuntimeException e) {
        entry.busy = false;
        entry.deleted = true;
        disposeIfUnused(entry);
        changed.signalAll();
        throw e;
      }
      entry.busy = false;
      if (entry.deleted) {
        disposeIfUnused(entry);
        throw new StoreException(StoreException.Reason.NOT_FOUND,
            "object " + entry.idHex() + " was deleted while it was being created");
      }
      return location(entry);
    } finally {
      lock.unlock();
    }
  }

  /** Makes a created object immutable and readable, and wakes the Gets waiting for it. */
  void seal(ByteString id) {
    lock.lock();
    try {
      checkOpen();
      ObjectEntry entry = table.live(id);
      if (entry == null) {
        throw StoreException.notFound(ObjectIds.shortHex(id));
      }
      if (entry.state != State.CREATED) {
        throw new StoreException(StoreException.Reason.BAD_STATE, "object " + entry.idHex() + " is already sealed");
      }
      entry.state = State.SEALED;
      forgetCreator(entry);
      table.touch(entry);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** {@link #get(ByteString, List, long)} for a caller without a session, which releases its pins itself. */
  Location[] get(List<ByteString> ids, long timeoutMs) {
    return get(ByteString.EMPTY, ids, timeoutMs);
  }

  /**
   * Pins and locates each object once it is sealed, waiting up to {@code timeoutMs} for those not yet sealed
   * (being created or pulled, or not yet known) and restoring spilled ones. An object still missing at the
   * deadline is null in the result and holds no pin; every other one holds one pin until {@link #release}, or
   * until the session of {@code client} (unless empty) ends.
   */
  Location[] get(ByteString client, List<ByteString> ids, long timeoutMs) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMs));
    Location[] found = new Location[ids.size()];
    List<ObjectEntry> pinned = new ArrayList<>();
    lock.lock();
    try {
      while (true) {
        checkOpen();
        boolean missing = false;
        for (int i = 0; i < found.length; i++) {
          if (found[i] != null) {
            continue;
          }
          ObjectEntry entry = table.live(ids.get(i));
          if (entry != null && entry.state == State.SPILLED) {
            restore(entry);
          }
          if (entry != null && entry.state == State.SEALED && !entry.deleted && entry.inArena()) {
            entry.pins++;
            pinned.add(entry);
            table.touch(entry);
            found[i] = location(entry);
          } else {
            missing = true;
          }
        }
        long left = deadline - System.nanoTime();
        if (!missing || left <= 0) {
          if (!client.isEmpty()) {
            Map<ObjectEntry, Integer> held = pinsByClient.computeIfAbsent(client, c -> new HashMap<>());
            pinned.forEach(e -> held.merge(e, 1, Integer::sum));
          }
          return found;
        }
        changed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pinned.forEach(this::unpin);
      throw StoreException.closed();
    } catch (RuntimeException e) {
      pinned.forEach(this::unpin);
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /** {@link #release(ByteString, List)} for a caller without a session. */
  void release(List<ByteString> ids) {
    release(ByteString.EMPTY, ids);
  }

  /**
   * Drops one pin of each object (as many as Gets took); ids the caller holds no pin on are ignored, so a
   * release that comes after its session ended does no harm.
   */
  void release(ByteString client, List<ByteString> ids) {
    lock.lock();
    try {
      for (ByteString id : ids) {
        ObjectEntry entry = table.get(id);
        if (entry == null || entry.pins == 0) {
          continue;
        }
        if (!client.isEmpty()) {
          Map<ObjectEntry, Integer> held = pinsByClient.get(client);
          Integer count = held == null ? null : held.get(entry);
          if (count == null) {
            continue;
          }
          if (count == 1) {
            held.remove(entry);
          } else {
            held.put(entry, count - 1);
          }
          if (held.isEmpty()) {
            pinsByClient.remove(client);
          }
        }
        unpin(entry);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A client's session stream is open: the objects it creates are its own until it seals them. */
  void connected(ByteString client) {
    lock.lock();
    try {
      connected.merge(client, 1, Integer::sum);
    } finally {
      lock.unlock();
    }
  }

  /**
   * A client's session stream broke: it may be gone or reconnecting, so its pins stay (until {@link #disconnect});
   * objects it left unsealed may be taken over by a new create of the same id meanwhile.
   */
  void sessionBroken(ByteString client) {
    lock.lock();
    try {
      connected.computeIfPresent(client, (c, n) -> n > 1 ? n - 1 : null);
    } finally {
      lock.unlock();
    }
  }

  /** A client said it is closing: its session ends now, whatever its stream does. */
  void endSession(ByteString client) {
    lock.lock();
    try {
      connected.remove(client);
      disconnect(client);
    } finally {
      lock.unlock();
    }
  }

  /** Whether a client's session stream is open now. */
  boolean sessionOpen(ByteString client) {
    lock.lock();
    try {
      return connected.containsKey(client);
    } finally {
      lock.unlock();
    }
  }

  /** An unsealed object whose creator's session is not open. */
  private boolean abandoned(ObjectEntry entry) {
    return entry.state == State.CREATED && !entry.deleted && !entry.creator.isEmpty()
        && !connected.containsKey(entry.creator);
  }

  /** Deletes an unsealed object (its creator is gone): its space is freed once nothing works on it. */
  private void abort(ObjectEntry entry) {
    if (entry.deleted) {
      return;
    }
    LOG.info("reclaiming object " + entry.idHex() + ": its creator " + ObjectIds.shortHex(entry.creator)
        + " went away before sealing it");
    forgetCreator(entry);
    entry.deleted = true;
    disposeIfUnused(entry);
    changed.signalAll();
  }

  private void forgetCreator(ObjectEntry entry) {
    if (entry.creator.isEmpty()) {
      return;
    }
    java.util.Set<ObjectEntry> mine = creating.get(entry.creator);
    if (mine != null && mine.remove(entry) && mine.isEmpty()) {
      creating.remove(entry.creator);
    }
  }

  /**
   * A client's session ended for good (it closed, or its process died and did not come back): releases every pin
   * it still holds and reclaims the objects it created and never sealed.
   */
  void disconnect(ByteString client) {
    lock.lock();
    try {
      if (connected.containsKey(client)) {
        return; // it came back within the grace period: its pins and unsealed objects are still its own
      }
      java.util.Set<ObjectEntry> unsealed = creating.get(client);
      if (unsealed != null) {
        List.copyOf(unsealed).forEach(this::abort);
      }
      Map<ObjectEntry, Integer> held = pinsByClient.remove(client);
      if (held == null) {
        return;
      }
      held.forEach((entry, count) -> {
        entry.pins = Math.max(0, entry.pins - count);
        disposeIfUnused(entry);
      });
      changed.signalAll();
      LOG.fine("client " + ObjectIds.shortHex(client) + " went away; released its pins on " + held.size()
          + " objects");
    } finally {
      lock.unlock();
    }
  }

  /**
   * Deletes objects: their arena space and spill file are freed now, or when their last reader releases them.
   * Deleting an object being created aborts it. Returns how many of the ids were known.
   */
  int delete(List<ByteString> ids) {
    lock.lock();
    try {
      int deleted = 0;
      for (ByteString id : ids) {
        ObjectEntry entry = table.live(id);
        if (entry != null) {
          entry.deleted = true;
          disposeIfUnused(entry);
          deleted++;
        }
      }
      changed.signalAll();
      return deleted;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the object is sealed here, in the arena or spilled. */
  boolean contains(ByteString id) {
    lock.lock();
    try {
      ObjectEntry entry = table.live(id);
      return entry != null && entry.state != State.CREATED;
    } finally {
      lock.unlock();
    }
  }

  /** The size of an object sealed here, or -1. */
  long sealedSize(ByteString id) {
    lock.lock();
    try {
      ObjectEntry entry = table.live(id);
      return entry != null && entry.state != State.CREATED ? entry.size : -1;
    } finally {
      lock.unlock();
    }
  }

  /** Writes part of an object being created, for a transfer; the entry is kept from being freed meanwhile. */
  void write(ByteString id, long offset, ByteString data) throws IOException {
    lock.lock();
    try {
      checkOpen();
      ObjectEntry entry = table.live(id);
      if (entry == null || entry.state != State.CREATED || entry.busy) {
        throw new StoreException(StoreException.Reason.BAD_STATE,
            "object " + ObjectIds.shortHex(id) + " is not being created here");
      }
      if (offset < 0 || offset + data.size() > entry.size) {
        throw new IllegalArgumentException("bytes [" + offset + ", " + (offset + data.size())
            + ") fall outside object " + entry.idHex() + " of " + entry.size + " bytes");
      }
      long address = entry.address + offset;
      entry.busy = true;
      try {
        outsideLock(() -> {
          data.copyTo(arena.slice(address, data.size()));
          return null;
        });
      } finally {
        entry.busy = false;
        disposeIfUnused(entry);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Copies part of an object the caller holds pinned (so its space cannot be reused meanwhile). */
  ByteString read(Location location, long offset, int length) throws IOException {
    if (offset < 0 || offset + length > location.size()) {
      throw new IllegalArgumentException("bytes [" + offset + ", " + (offset + length) + ") fall outside an object of "
          + location.size() + " bytes");
    }
    long address = (long) location.chunk() * arena.chunkSize() + location.offset() + offset;
    return arena.access(() -> ByteString.copyFrom(arena.slice(address, length)));
  }

  /** Whether more than {@code fraction} of the arena is taken. */
  boolean fullerThan(double fraction) {
    lock.lock();
    try {
      return allocator.allocatedBytes() > fraction * allocator.capacity();
    } finally {
      lock.unlock();
    }
  }

  Stats stats() {
    lock.lock();
    try {
      long objects = 0;
      long spilledObjects = 0;
      long spilledBytes = 0;
      long pinnedBytes = 0;
      for (ObjectEntry entry : table.all()) {
        if (entry.deleted) {
          continue;
        }
        objects++;
        if (entry.state == State.SPILLED) {
          spilledObjects++;
          spilledBytes += entry.size;
        }
        if (entry.pins > 0) {
          pinnedBytes += entry.size;
        }
      }
      return new Stats(allocator.capacity(), allocator.allocatedBytes(), objects, spilledObjects, spilledBytes,
          pinnedBytes, spills, restores, evictions);
    } finally {
      lock.unlock();
    }
  }

  /** Fails every request from now on, then unmaps and removes the arena and removes the spill files. */
  @Override
  public void close() {
    closed = true;
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    arena.close();
    spillDir.deleteAll();
  }

  // ---- with the lock held ----

  /** Arena space for {@code size} bytes, made by evicting, then spilling, if need be. May release the lock. */
  private long allocate(long size) {
    while (true) {
      checkOpen();
      long address = allocator.allocate(size);
      if (address >= 0) {
        return address;
      }
      ObjectEntry victim = table.leastRecentlyUsed(e -> !e.primary && e.reclaimable());
      if (victim != null) {
        evict(victim);
        continue;
      }
      victim = table.leastRecentlyUsed(e -> e.primary && e.reclaimable());
      if (victim != null) {
        spill(victim);
        continue;
      }
      if (spillsInFlight > 0) {
        // Another request's spill will free space soon: wait for it rather than fail.
        changed.awaitUninterruptibly();
        continue;
      }
      throw full(size);
    }
  }

  private void evict(ObjectEntry victim) {
    allocator.free(victim.address, victim.size);
    victim.address = -1;
    victim.deleted = true;
    table.remove(victim);
    evictions++;
    LOG.fine("evicted secondary copy of object " + victim.idHex() + " (" + victim.size + " bytes)");
  }

  /** Moves a primary copy out of the arena into its spill file. */
  private void spill(ObjectEntry victim) {
    if (victim.spillFile == null) {
      victim.busy = true;
      spillsInFlight++;
      long start = System.nanoTime();
      try {
        long address = victim.address;
        victim.spillFile = outsideLock(() -> spillDir.write(victim.id, arena.slice(address, victim.size)));
      } catch (IOException e) {
        throw new StoreException(StoreException.Reason.FULL, "The object store is full and cannot spill object "
            + victim.idHex() + " to " + spillDir.path() + ": " + e.getMessage(), e);
      } finally {
        victim.busy = false;
        spillsInFlight--;
        disposeIfUnused(victim);
        changed.signalAll();
      }
      LOG.fine("spilled object " + victim.idHex() + " (" + victim.size + " bytes) in "
          + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
    if (victim.deleted) {
      disposeIfUnused(victim);
    } else if (victim.pins == 0) {
      allocator.free(victim.address, victim.size);
      victim.address = -1;
      victim.state = State.SPILLED;
      spills++;
    }
    // else a reader pinned it meanwhile: it stays in the arena, and its file makes the next spill free.
  }

  /** Brings a spilled object back into the arena, leaving it SEALED. May release the lock. */
  private void restore(ObjectEntry entry) {
    entry.state = State.RESTORING;
    entry.busy = true;
    try {
      entry.address = allocate(entry.size);
    } catch (RuntimeException e) {
      entry.state = State.SPILLED;
      entry.busy = false;
      disposeIfUnused(entry);
      changed.signalAll();
      throw e;
    }
    long address = entry.address;
    Path file = entry.spillFile;
    try {
      outsideLock(() -> {
        spillDir.read(file, arena.slice(address, entry.size));
        return null;
      });
    } catch (IOException e) {
      allocator.free(address, entry.size);
      entry.address = -1;
      entry.state = State.SPILLED;
      throw new StoreException(StoreException.Reason.IO,
          "The object store cannot restore object " + entry.idHex() + " from " + file + ": " + e.getMessage(), e);
    } finally {
      entry.busy = false;
      disposeIfUnused(entry);
      changed.signalAll();
    }
    entry.state = State.SEALED;
    restores++;
    table.touch(entry);
    LOG.fine("restored object " + entry.idHex() + " (" + entry.size + " bytes)");
  }

  private void unpin(ObjectEntry entry) {
    entry.pins--;
    disposeIfUnused(entry);
  }

  /** Frees a deleted object's space and file once no reader and no work holds it. */
  private void disposeIfUnused(ObjectEntry entry) {
    if (!entry.deleted || entry.pins > 0 || entry.busy) {
      return;
    }
    if (entry.inArena()) {
      allocator.free(entry.address, entry.size);
      entry.address = -1;
    }
    if (entry.spillFile != null) {
      spillDir.delete(entry.spillFile);
      entry.spillFile = null;
    }
    forgetCreator(entry);
    table.remove(entry);
  }

  /** Runs arena I/O with the lock released, and takes the lock back whatever happens. */
  private <T> T outsideLock(Arena.Access<T> io) throws IOException {
    lock.unlock();
    try {
      return arena.access(io);
    } finally {
      lock.lock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw StoreException.closed();
    }
  }

  private Location location(ObjectEntry entry) {
    return new Location((int) (entry.address / arena.chunkSize()), entry.address % arena.chunkSize(), entry.size);
  }

  private StoreException tooLarge(long size) {
    String limit = arena.largestObject() < arena.capacity()
        ? "the largest object the store holds, " + bytes(arena.largestObject())
            + " (one arena chunk, jray.object_store_arena_chunk_bytes)"
        : "the object store's capacity of " + bytes(arena.capacity()) + "; give it more with --object-store-memory";
    return new StoreException(StoreException.Reason.FULL,
        "Cannot store an object of " + bytes(size) + ": it is larger than " + limit + ".");
  }

  private StoreException full(long size) {
    long held = allocator.allocatedBytes();
    LOG.info("object store full: " + bytes(size) + " requested, " + bytes(held)
        + " held by pinned or unsealed objects");
    return new StoreException(StoreException.Reason.FULL, "The object store is full: an object of " + bytes(size)
        + " does not fit in its capacity of " + bytes(allocator.capacity()) + ", because " + bytes(held)
        + " are held by objects being read or written and nothing more can be evicted or spilled"
        + " (largest free block " + bytes(allocator.largestFreeBlock()) + ").");
  }

  private static String bytes(long n) {
    return String.format(Locale.ROOT, "%.1f MiB (%d bytes)", n / 1048576.0, n);
  }
}
