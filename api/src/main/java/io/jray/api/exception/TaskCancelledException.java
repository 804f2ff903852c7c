package io.jray.api.exception;

/** Thrown by {@code get} on the result of a task that was cancelled. */
public class TaskCancelledException extends RayException {

  private static final long serialVersionUID = 1L;

  public TaskCancelledException(String message) {
    super(message);
  }

  public TaskCancelledException(String message, Throwable cause) {
    super(message, cause);
  }
}
