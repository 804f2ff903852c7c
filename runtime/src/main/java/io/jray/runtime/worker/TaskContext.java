package io.jray.runtime.worker;

import com.google.protobuf.ByteString;

/** Which task this worker thread is running, for {@code getRuntimeContext().getCurrentTaskId()}. */
public final class TaskContext {
  private final ThreadLocal<ByteString> current = new ThreadLocal<>();
  private volatile ByteString actorId;
  private volatile boolean actorRestarted;

  /** This worker now holds the actor; {@code restarted} when it was created again after a failure. */
  void becomeActor(ByteString id, boolean restarted) {
    this.actorId = id;
    this.actorRestarted = restarted;
  }

  public ByteString actorId() {
    return actorId;
  }

  public boolean actorRestarted() {
    return actorRestarted;
  }

  void enter(ByteString taskId) {
    current.set(taskId);
  }

  void exit() {
    current.remove();
  }

  public ByteString currentTaskId() {
    return current.get();
  }
}
