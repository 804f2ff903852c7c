package io.jray.api.id;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An immutable fixed-length id, shown as lowercase hex. As in Ray, the nil id of each type is all
 * {@code 0xff} bytes. Two ids are equal when they have the same type and the same bytes.
 */
public abstract class BaseId implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;

  /** Keeps a copy of {@code bytes}, which must be {@code length} long. */
  BaseId(byte[] bytes, int length) {
    this.bytes = checkLength(bytes, length, getClass().getSimpleName()).clone();
  }

  /** A copy of this id's bytes. */
  public final byte[] getBytes() {
    return bytes.clone();
  }

  /** The number of bytes in this id. */
  public final int size() {
    return bytes.length;
  }

  /** This id as lowercase hex, two characters a byte. */
  public final String toHex() {
    return HEX.formatHex(bytes);
  }

  /** Whether this is the nil id (all bytes {@code 0xff}). */
  public final boolean isNil() {
    for (byte b : bytes) {
      if (b != (byte) 0xff) {
        return false;
      }
    }
    return true;
  }

  @Override
  public final boolean equals(Object other) {
    return other != null
        && other.getClass() == getClass()
        && Arrays.equals(bytes, ((BaseId) other).bytes);
  }

  @Override
  public final int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public final String toString() {
    return toHex();
  }

  static byte[] checkLength(byte[] bytes, int length, String type) {
    if (bytes == null) {
      throw new IllegalArgumentException(type + " bytes must not be null");
    }
    if (bytes.length != length) {
      throw new IllegalArgumentException(
          type + " must be " + length + " bytes, got " + bytes.length);
    }
    return bytes;
  }

  static byte[] parseHex(String hex, int length, String type) {
    if (hex == null) {
      throw new IllegalArgumentException(type + " hex must not be null");
    }
    if (hex.length() != 2 * length) {
      throw new IllegalArgumentException(
          type + " hex must be " + 2 * length + " characters, got " + hex.length()
              + ": '" + hex + "'");
    }
    try {
      return HEX.parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(type + " hex is not hexadecimal: '" + hex + "'", e);
    }
  }

  /** Random bytes; ids need to be unique, not unpredictable, so a fast generator is enough. */
  static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  static byte[] nilBytes(int length) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) 0xff);
    return bytes;
  }
}
