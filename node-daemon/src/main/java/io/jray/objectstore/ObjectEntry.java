package io.jray.objectstore;

import com.google.protobuf.ByteString;
import java.nio.file.Path;

/**
 * One object of the store and where it is. Mutable, guarded by the {@link ObjectStore}'s lock: only code holding
 * that lock reads or writes its fields.
 */
final class ObjectEntry {
  /** Life of an object in this store. */
  enum State {
    /** Space allocated, the creator is writing it; readers wait. */
    CREATED,
    /** Complete and immutable, in the arena. */
    SEALED,
    /** Being read back from its spill file into the arena; readers wait. */
    RESTORING,
    /** Only in its spill file; the next Get restores it. */
    SPILLED
  }

  final ByteString id;
  final long size;
  /** A primary copy is spilled when space runs short, a secondary one (pulled from elsewhere) dropped. */
  final boolean primary;
  State state = State.CREATED;
  /** Global arena address, or -1 while the object has no arena space (allocating, or spilled). */
  long address = -1;
  /** Readers holding it (Get without Release yet, a transfer streaming it); a pinned object stays in the arena. */
  int pins;
  /** A thread works on it with the store's lock released (allocating its space, spilling or restoring it). */
  boolean busy;
  /** Its file in the spill dir, kept after a restore so spilling it again costs nothing; null if none. */
  Path spillFile;
  /** The client session that is writing it (empty: none, e.g. a transfer); cleared when sealed. */
  ByteString creator = ByteString.EMPTY;
  /** Deleted while pinned or busy: gone for every caller, disposed of when the last pin or the work ends. */
  boolean deleted;

  ObjectEntry(ByteString id, long size, boolean primary) {
    this.id = id;
    this.size = size;
    this.primary = primary;
  }

  boolean inArena() {
    return address >= 0;
  }

  /** Sealed and nobody is using it: space it holds can be reclaimed. */
  boolean reclaimable() {
    return state == State.SEALED && pins == 0 && !busy && !deleted && inArena();
  }

  String idHex() {
    return ObjectIds.shortHex(id);
  }
}
