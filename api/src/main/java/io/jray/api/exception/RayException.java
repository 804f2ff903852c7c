package io.jray.api.exception;

/** The base of every error jray reports to user code. */
public class RayException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public RayException(String message) {
    super(message);
  }

  public RayException(String message, Throwable cause) {
    super(message, cause);
  }
}
