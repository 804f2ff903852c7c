package io.jray.bench.peers;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.util.concurrent.Callable;

/**
 * The Hazelcast peer's task: returns Ray's {@code b"ok"}, as jray's benchmark task does. Serialized as
 * Hazelcast advises for speed (IdentifiedDataSerializable, no reflection), so the peer is measured at its best.
 */
public final class SmallTask implements Callable<byte[]>, IdentifiedDataSerializable {
  static final int CLASS_ID = 1;
  private static final byte[] OK = {'o', 'k'};

  @Override
  public byte[] call() {
    return OK;
  }

  @Override
  public int getFactoryId() {
    return HazelcastOptions.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return CLASS_ID;
  }

  @Override
  public void writeData(ObjectDataOutput out) {
    // no fields
  }

  @Override
  public void readData(ObjectDataInput in) {
    // no fields
  }
}
