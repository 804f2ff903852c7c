package io.jray.gcs.storage;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import java.nio.charset.StandardCharsets;

/** One row written ({@code value} set) or deleted ({@code value} null) in a table. */
public record Change(Table table, ByteString key, ByteString value) {

  public static Change put(Table table, ByteString key, ByteString value) {
    return new Change(table, key, value);
  }

  public static Change put(Table table, ByteString key, MessageLite value) {
    return new Change(table, key, value.toByteString());
  }

  public static Change put(Table table, String key, String value) {
    return new Change(table, ByteString.copyFromUtf8(key), ByteString.copyFrom(value, StandardCharsets.UTF_8));
  }

  public static Change delete(Table table, ByteString key) {
    return new Change(table, key, null);
  }

  public boolean deleted() {
    return value == null;
  }
}
