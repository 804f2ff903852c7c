package io.jray.api.exception;

/**
 * Thrown by {@code get} when the task can never run as its scheduling strategy asks, e.g. a hard
 * node affinity to a node that is dead, unknown or too small (Ray's TaskUnschedulableError). The
 * message names the node.
 */
public class TaskUnschedulableException extends RaySystemException {
  private static final long serialVersionUID = 1L;

  public TaskUnschedulableException(String message) {
    super(message);
  }
}
