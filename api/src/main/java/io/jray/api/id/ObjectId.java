package io.jray.api.id;

/** The id of an object in the object store (28 bytes). */
public final class ObjectId extends BaseId {

  private static final long serialVersionUID = 1L;

  /** The length in bytes of every {@code ObjectId}. */
  public static final int LENGTH = 28;

  /** The nil {@code ObjectId}: all bytes {@code 0xff}. */
  public static final ObjectId NIL = new ObjectId(nilBytes(LENGTH));

  private ObjectId(byte[] bytes) {
    super(bytes, LENGTH);
  }

  /** The id with these bytes, which must be {@link #LENGTH} long. */
  public static ObjectId fromBytes(byte[] bytes) {
    return new ObjectId(bytes);
  }

  /** The id with this hex form ({@code 2 * LENGTH} hex digits, either case). */
  public static ObjectId fromHex(String hex) {
    return new ObjectId(parseHex(hex, LENGTH, "ObjectId"));
  }

  /** A new random id. */
  public static ObjectId fromRandom() {
    return new ObjectId(randomBytes(LENGTH));
  }
}
