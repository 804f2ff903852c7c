package io.jray.api.id;

/** The id of an actor (16 bytes): as Ray's, {@link #UNIQUE_LENGTH} unique bytes then its job's {@link JobId}. */
public final class ActorId extends BaseId {

  private static final long serialVersionUID = 1L;

  /** The length in bytes of every {@code ActorId}. */
  public static final int LENGTH = 16;

  /** How many of its bytes, before the job id, make an actor's id unique within its job. */
  public static final int UNIQUE_LENGTH = LENGTH - JobId.LENGTH;

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

  /** A new id for an actor of this job: {@link #UNIQUE_LENGTH} random bytes, then the job's id. */
  public static ActorId of(JobId jobId) {
    byte[] bytes = randomBytes(LENGTH);
    System.arraycopy(jobId.getBytes(), 0, bytes, UNIQUE_LENGTH, JobId.LENGTH);
    return new ActorId(bytes);
  }

  /** The id of the job this actor belongs to, the id's last {@link JobId#LENGTH} bytes. */
  public JobId getJobId() {
    byte[] job = new byte[JobId.LENGTH];
    System.arraycopy(getBytes(), UNIQUE_LENGTH, job, 0, JobId.LENGTH);
    return JobId.fromBytes(job);
  }
}
