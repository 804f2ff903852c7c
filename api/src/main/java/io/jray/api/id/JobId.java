package io.jray.api.id;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The id of a job (4 bytes). Jobs are numbered; {@link #fromInt} stores the number
 * little-endian, as Ray does, so job 1 shows as {@code 01000000}.
 */
public final class JobId extends BaseId {

  private static final long serialVersionUID = 1L;

  /** The length in bytes of every {@code JobId}. */
  public static final int LENGTH = 4;

  /** The nil {@code JobId}: all bytes {@code 0xff}. */
  public static final JobId NIL = new JobId(nilBytes(LENGTH));

  private JobId(byte[] bytes) {
    super(bytes, LENGTH);
  }

  /** The id with these bytes, which must be {@link #LENGTH} long. */
  public static JobId fromBytes(byte[] bytes) {
    return new JobId(bytes);
  }

  /** The id with this hex form ({@code 2 * LENGTH} hex digits, either case). */
  public static JobId fromHex(String hex) {
    return new JobId(parseHex(hex, LENGTH, "JobId"));
  }

  /** A new random id. */
  public static JobId fromRandom() {
    return new JobId(randomBytes(LENGTH));
  }

  /** The id of job number {@code value}. */
  public static JobId fromInt(int value) {
    return new JobId(ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN).putInt(value)
        .array());
  }

  /** The job number this id stands for (the inverse of {@link #fromInt}). */
  public int toInt() {
    return ByteBuffer.wrap(getBytes()).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }
}
