package io.jray.objectstore;

import com.google.protobuf.ByteString;
import java.util.HexFormat;

/** How the store names object ids in logs, errors and spill file names. */
final class ObjectIds {
  private static final HexFormat HEX = HexFormat.of();

  private ObjectIds() {}

  static String hex(ByteString id) {
    return HEX.formatHex(id.toByteArray());
  }

  /** The first 8 bytes, enough to tell objects apart in a log line. */
  static String shortHex(ByteString id) {
    String hex = hex(id);
    return hex.length() > 16 ? hex.substring(0, 16) + ".." : hex;
  }
}
