package io.jray.gcs.storage;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jray.proto.StorageBatch;
import io.jray.proto.StorageChange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The file storage's record format: a 4-byte length, a 4-byte CRC32C of the payload, and the payload, a
 * {@link StorageBatch}. A record whose length runs past the end of the file or whose checksum does not match is
 * where a crash cut the file: reading stops there.
 */
final class StorageRecords {
  private static final int HEADER = 8;
  /** A snapshot's rows go in records of about this many bytes (a larger row gets a record of its own). */
  private static final long SNAPSHOT_RECORD_BYTES = 16L << 20;
  /** Larger than any one write can be (a KV value is at most kv_max_value_bytes, below 2 GiB). */
  private static final int MAX_RECORD = Integer.MAX_VALUE - 64;

  private StorageRecords() {}

  /** What reading a file found: how many bytes of whole records, and whether something followed them. */
  record Read(long goodBytes, boolean torn) {}

  static ByteBuffer encode(List<Change> changes) {
    StorageBatch.Builder batch = StorageBatch.newBuilder();
    for (Change c : changes) {
      StorageChange.Builder row = StorageChange.newBuilder().setTable(c.table().storedName()).setKey(c.key());
      if (c.deleted()) {
        row.setDeleted(true);
      } else {
        row.setValue(c.value());
      }
      batch.addChanges(row);
    }
    byte[] payload = batch.build().toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(payload);
    ByteBuffer record = ByteBuffer.allocate(HEADER + payload.length);
    record.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
    return record;
  }

  static List<Change> decode(StorageBatch batch) {
    List<Change> changes = new ArrayList<>(batch.getChangesCount());
    for (StorageChange row : batch.getChangesList()) {
      Table table = Table.fromStoredName(row.getTable());
      changes.add(row.getDeleted() ? Change.delete(table, row.getKey()) : Change.put(table, row.getKey(),
          row.getValue()));
    }
    return changes;
  }

  /** Hands each whole record's changes to {@code apply}, in order, and stops at the first broken one. */
  static Read readAll(Path file, Consumer<List<Change>> apply) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      long position = 0;
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      while (position < size) {
        header.clear();
        if (size - position < HEADER || channel.read(header, position) < HEADER) {
          return new Read(position, true);
        }
        header.flip();
        int length = header.getInt();
        int checksum = header.getInt();
        if (length < 0 || length > MAX_RECORD || position + HEADER + length > size) {
          return new Read(position, true);
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        while (payload.hasRemaining()) {
          if (channel.read(payload, position + HEADER + payload.position()) < 0) {
            return new Read(position, true);
          }
        }
        CRC32C crc = new CRC32C();
        crc.update(payload.array());
        if ((int) crc.getValue() != checksum) {
          return new Read(position, true);
        }
        try {
          apply.accept(decode(StorageBatch.parseFrom(payload.array())));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
          return new Read(position, true);
        }
        position += HEADER + length;
      }
      return new Read(position, false);
    }
  }

  private static long rowBytes(Change row) {
    return row.key().size() + (row.value() == null ? 0 : row.value().size()) + 32;
  }

  /** Writes {@code rows} as records to a new file and fsyncs it. */
  static void writeAll(Path file, List<Change> rows) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      int from = 0;
      while (from < rows.size()) {
        int to = from;
        long bytes = 0;
        while (to < rows.size() && (to == from || bytes + rowBytes(rows.get(to)) <= SNAPSHOT_RECORD_BYTES)) {
          bytes += rowBytes(rows.get(to));
          to++;
        }
        ByteBuffer record = encode(rows.subList(from, to));
        while (record.hasRemaining()) {
          channel.write(record);
        }
        from = to;
      }
      channel.force(true);
    }
  }
}
