package io.jray.api.exception;

/**
 * Thrown by {@code get} when the raylet of the caller's own node stopped answering, so the task could not be
 * given a worker (Ray's LocalRayletDiedError). The caller's node is gone: start the cluster again.
 */
public class LocalRayletDiedException extends RaySystemException {
  private static final long serialVersionUID = 1L;

  public LocalRayletDiedException(String message) {
    super(message);
  }
}
