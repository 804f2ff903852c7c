package io.jray.objectstore;

/** A request the object store refuses, with the reason the gRPC service turns into a status code. */
final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why; each maps to one gRPC status code. */
  enum Reason { FULL, EXISTS, NOT_FOUND, BAD_STATE, CLOSED, PEER_FAILED, IO }

  private final Reason reason;

  StoreException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  StoreException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }

  static StoreException closed() {
    return new StoreException(Reason.CLOSED, "the object store is stopping");
  }

  static StoreException notFound(String idHex) {
    return new StoreException(Reason.NOT_FOUND, "object " + idHex + " is not in this object store");
  }
}
