package io.jray.api.exception;

/** Thrown when {@code get} or {@code wait} runs out of time before the objects are ready. */
public class RayTimeoutException extends RayException {

  private static final long serialVersionUID = 1L;

  public RayTimeoutException(String message) {
    super(message);
  }

  public RayTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
