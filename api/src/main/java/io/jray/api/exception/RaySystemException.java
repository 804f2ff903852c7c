package io.jray.api.exception;

/**
 * Thrown by {@code get} when jray itself, not the task's code, failed to run the task: a process of the cluster
 * the task depended on is gone.
 */
public class RaySystemException extends RayException {
  private static final long serialVersionUID = 1L;

  public RaySystemException(String message) {
    super(message);
  }

  public RaySystemException(String message, Throwable cause) {
    super(message, cause);
  }
}
