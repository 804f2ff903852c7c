package io.jray.runtime.object;

import org.apache.fory.config.Config;
import org.apache.fory.context.ReadContext;
import org.apache.fory.context.WriteContext;
import org.apache.fory.serializer.Serializer;

/** How a ref travels inside values (nested refs): its id and owner, with the reference counter told each way. */
public final class ObjectRefSerializer extends Serializer<ObjectRefImpl> {
  private final RefObserver observer;

  public ObjectRefSerializer(Config config, RefObserver observer) {
    super(config, ObjectRefImpl.class);
    this.observer = observer;
  }

  @Override
  public void write(WriteContext context, ObjectRefImpl value) {
    observer.serialized(value);
    context.getBuffer().writeBytesWithSize(value.idArray());
    context.writeString(value.ownerHost());
    context.writeInt32(value.ownerPort());
  }

  @Override
  public ObjectRefImpl read(ReadContext context) {
    byte[] id = context.getBuffer().readBytesAndSize();
    String host = context.readString();
    int port = context.readInt32();
    ObjectRefImpl<?> ref = new ObjectRefImpl<>(id, host, port);
    observer.deserialized(ref);
    return ref;
  }
}
