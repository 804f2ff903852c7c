package io.jray.node;

/** A node could not start; the message is one sentence for the user (what is wrong, what to do). */
public final class NodeStartException extends Exception {
  public NodeStartException(String message) {
    super(message);
  }

  public NodeStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
