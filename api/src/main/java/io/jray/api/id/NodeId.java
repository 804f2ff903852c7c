package io.jray.api.id;

/**
 * The id of a node (28 bytes). A {@link UniqueId}, as Ray's Java API types node ids, so code
 * written against {@code UniqueId} still compiles.
 */
public final class NodeId extends UniqueId {

  private static final long serialVersionUID = 1L;

  /** The length in bytes of every {@code NodeId}. */
  public static final int LENGTH = UniqueId.LENGTH;

  /** The nil {@code NodeId}: all bytes {@code 0xff}. */
  public static final NodeId NIL = new NodeId(nilBytes(LENGTH));

  private NodeId(byte[] bytes) {
    super(bytes);
  }

  /** The id with these bytes, which must be {@link #LENGTH} long. */
  public static NodeId fromBytes(byte[] bytes) {
    return new NodeId(bytes);
  }

  /** The id with this hex form ({@code 2 * LENGTH} hex digits, either case). */
  public static NodeId fromHex(String hex) {
    return new NodeId(parseHex(hex, LENGTH, "NodeId"));
  }

  /** A new random id. */
  public static NodeId fromRandom() {
    return new NodeId(randomBytes(LENGTH));
  }
}
