package io.jray.runtime.object;

import com.google.protobuf.ByteString;
import io.jray.proto.Address;

/** Brings back an object owned here whose copy could not be read (the owner's object recovery). */
public interface LostCopies {
  /**
   * The copy of the owned object {@code id} in the object store at {@code lostAt} could not be read. Returns once
   * the object stands for another copy or a rebuild under way (its memory store future renewed), or for the
   * error that says why it cannot be rebuilt; changes nothing when the object was renewed already or its copy is
   * there after all. Blocks (it asks object stores and the GCS): call it off network threads.
   */
  void recover(ByteString id, Address lostAt);

  /** {@link #recover} on the recovery's own thread, then {@code then}: for network threads. */
  void recoverThen(ByteString id, Address lostAt, Runnable then);

  /** No recovery (a process that owns nothing): nothing changes. */
  LostCopies NONE = new LostCopies() {
    @Override
    public void recover(ByteString id, Address lostAt) {}

    @Override
    public void recoverThen(ByteString id, Address lostAt, Runnable then) {
      then.run();
    }
  };
}
