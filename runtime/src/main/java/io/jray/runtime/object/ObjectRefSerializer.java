package io.jray.runtime.object;

import org.apache.fory.config.Config;
import org.apache.fory.context.ReadContext;
import org.apache.fory.context.WriteContext;
import org.apache.fory.serializer.Serializer;

/** How a ref travels inside values (nested refs): its id and owner; each one met is noted in the capture. */
public final class ObjectRefSerializer extends Serializer<ObjectRefImpl> {
  private final RefCapture capture;

  public ObjectRefSerializer(Config config, RefCapture capture) {
    super(config, ObjectRefImpl.class);
    this.capture = capture;
  }

  @Override
  public void write(WriteContext context, ObjectRefImpl value) {
    capture.written.add(value);
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
    capture.read.add(ref);
    return ref;
  }
}
