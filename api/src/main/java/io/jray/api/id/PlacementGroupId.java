package io.jray.api.id;

/** The id of a placement group (18 bytes). */
public final class PlacementGroupId extends BaseId {

  private static final long serialVersionUID = 1L;

  /** The length in bytes of every {@code PlacementGroupId}. */
  public static final int LENGTH = 18;

  /** The nil {@code PlacementGroupId}: all bytes {@code 0xff}. */
  public static final PlacementGroupId NIL = new PlacementGroupId(nilBytes(LENGTH));

  private PlacementGroupId(byte[] bytes) {
    super(bytes, LENGTH);
  }

  /** The id with these bytes, which must be {@link #LENGTH} long. */
  public static PlacementGroupId fromBytes(byte[] bytes) {
    return new PlacementGroupId(bytes);
  }

  /** The id with this hex form ({@code 2 * LENGTH} hex digits, either case). */
  public static PlacementGroupId fromHex(String hex) {
    return new PlacementGroupId(parseHex(hex, LENGTH, "PlacementGroupId"));
  }

  /** A new random id. */
  public static PlacementGroupId fromRandom() {
    return new PlacementGroupId(randomBytes(LENGTH));
  }
}
