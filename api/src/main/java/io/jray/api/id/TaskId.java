package io.jray.api.id;

/** The id of a task, actor creation or actor call (24 bytes). */
public final class TaskId extends BaseId {

  private static final long serialVersionUID = 1L;

  /** The length in bytes of every {@code TaskId}. */
  public static final int LENGTH = 24;

  /** The nil {@code TaskId}: all bytes {@code 0xff}. */
  public static final TaskId NIL = new TaskId(nilBytes(LENGTH));

  private TaskId(byte[] bytes) {
    super(bytes, LENGTH);
  }

  /** The id with these bytes, which must be {@link #LENGTH} long. */
  public static TaskId fromBytes(byte[] bytes) {
    return new TaskId(bytes);
  }

  /** The id with this hex form ({@code 2 * LENGTH} hex digits, either case). */
  public static TaskId fromHex(String hex) {
    return new TaskId(parseHex(hex, LENGTH, "TaskId"));
  }

  /** A new random id. */
  public static TaskId fromRandom() {
    return new TaskId(randomBytes(LENGTH));
  }
}
