package io.jray.api.id;

/** The id of an actor (16 bytes). */
public final class ActorId extends BaseId {

  private static final long serialVersionUID = 1L;

  /** The length in bytes of every {@code ActorId}. */
  public static final int LENGTH = 16;

  /** The nil {@code ActorId}: all bytes {@code 0xff}. */
  public static final ActorId NIL = new ActorId(nilBytes(LENGTH));

  private ActorId(byte[] bytes) {
    super(bytes, LENGTH);
  }

  /** The id with these bytes, which must be {@link #LENGTH} long. */
  public static ActorId fromBytes(byte[] bytes) {
    return new ActorId(bytes);
  }

  /** The id with this hex form ({@code 2 * LENGTH} hex digits, either case). */
  public static ActorId fromHex(String hex) {
    return new ActorId(parseHex(hex, LENGTH, "ActorId"));
  }

  /** A new random id. */
  public static ActorId fromRandom() {
    return new ActorId(randomBytes(LENGTH));
  }
}
