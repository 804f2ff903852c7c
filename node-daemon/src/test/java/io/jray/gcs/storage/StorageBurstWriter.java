package io.jray.gcs.storage;

import com.google.protobuf.ByteString;
import java.nio.file.Path;

/**
 * Writes rows 0, 1, 2, ... to a file storage, one write after another, and prints the number of each once its
 * write returned (was acknowledged), until killed. {@link FileStorageTest} kills it with -9 mid-burst.
 */
public final class StorageBurstWriter {
  private StorageBurstWriter() {}

  public static void main(String[] args) {
    FileStorage storage = FileStorage.open(Path.of(args[0]));
    for (int i = 0; ; i++) {
      storage.write(Change.put(Table.KV, ByteString.copyFromUtf8(String.format("row-%08d", i)),
          ByteString.copyFromUtf8("value-" + i)));
      System.out.println(i);
      System.out.flush();
    }
  }
}
