package io.jray.api.id;

/** A 28-byte id for things that have no id type of their own. */
public class UniqueId extends BaseId {

  private static final long serialVersionUID = 1L;

  /** The length in bytes of every {@code UniqueId}. */
  public static final int LENGTH = 28;

  /** The nil {@code UniqueId}: all bytes {@code 0xff}. */
  public static final UniqueId NIL = new UniqueId(nilBytes(LENGTH));

  UniqueId(byte[] bytes) {
    super(bytes, LENGTH);
  }

  /** The id with these bytes, which must be {@link #LENGTH} long. */
  public static UniqueId fromBytes(byte[] bytes) {
    return new UniqueId(bytes);
  }

  /** The id with this hex form ({@code 2 * LENGTH} hex digits, either case). */
  public static UniqueId fromHex(String hex) {
    return new UniqueId(parseHex(hex, LENGTH, "UniqueId"));
  }

  /** A new random id. */
  public static UniqueId fromRandom() {
    return new UniqueId(randomBytes(LENGTH));
  }
}
