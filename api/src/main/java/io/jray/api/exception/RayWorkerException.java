package io.jray.api.exception;

/** Thrown by {@code get} when the worker running a task died and its retries are used up. */
public class RayWorkerException extends RayException {

  private static final long serialVersionUID = 1L;

  public RayWorkerException(String message) {
    super(message);
  }

  public RayWorkerException(String message, Throwable cause) {
    super(message, cause);
  }
}
