package io.jray.gcs.dashboard;

/** A request the dashboard refuses: an HTTP status and one sentence, answered as {@code {"error": ...}}. */
final class HttpError extends RuntimeException {
  private final int status;

  HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
