package io.jray.api.exception;

/**
 * Thrown by {@code get} when the user code of a task or actor method threw. The cause is the
 * original exception when it could be deserialized on this side; the remote class name, message
 * and stack trace are always kept as text, and the message names the task and includes the remote
 * stack trace.
 */
public class RayTaskException extends RayException {

  private static final long serialVersionUID = 1L;

  private final String taskName;
  private final String remoteClassName;
  private final String remoteMessage;
  private final String remoteStackTrace;

  public RayTaskException(String message) {
    this(message, (Throwable) null);
  }

  public RayTaskException(String message, Throwable cause) {
    super(message, cause);
    this.taskName = null;
    this.remoteClassName = cause == null ? null : cause.getClass().getName();
    this.remoteMessage = cause == null ? null : cause.getMessage();
    this.remoteStackTrace = null;
  }

  /**
   * The failure of a task whose code threw.
   *
   * @param taskName what failed, e.g. {@code MathFns.div (task 5a1f..)}
   * @param remoteClassName the class of the exception thrown remotely
   * @param remoteMessage its message, may be null
   * @param remoteStackTrace its stack trace as printed on the worker
   * @param cause the exception itself when it could be deserialized, else null
   */
  public RayTaskException(
      String taskName,
      String remoteClassName,
      String remoteMessage,
      String remoteStackTrace,
      Throwable cause) {
    super(describe(taskName, remoteClassName, remoteMessage, remoteStackTrace), cause);
    this.taskName = taskName;
    this.remoteClassName = remoteClassName;
    this.remoteMessage = remoteMessage;
    this.remoteStackTrace = remoteStackTrace;
  }

  /** The task or actor method that failed, or null when not given. */
  public String getTaskName() {
    return taskName;
  }

  /** The class name of the exception the user code threw, or null when not known. */
  public String getRemoteClassName() {
    return remoteClassName;
  }

  /** The message of the exception the user code threw, or null. */
  public String getRemoteMessage() {
    return remoteMessage;
  }

  /** The stack trace printed where the exception was thrown, or null when not known. */
  public String getRemoteStackTrace() {
    return remoteStackTrace;
  }

  private static String describe(
      String taskName, String remoteClassName, String remoteMessage, String remoteStackTrace) {
    StringBuilder text = new StringBuilder("Task ")
        .append(taskName)
        .append(" threw ")
        .append(remoteClassName);
    if (remoteMessage != null) {
      text.append(": ").append(remoteMessage);
    }
    if (remoteStackTrace != null && !remoteStackTrace.isEmpty()) {
      text.append("\nRemote stack trace:\n").append(remoteStackTrace.stripTrailing());
    }
    return text.toString();
  }
}
