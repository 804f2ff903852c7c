package io.jray.runtime.worker;

import com.google.protobuf.ByteString;

/**
 * Which task this worker thread is running, for {@code getRuntimeContext().getCurrentTaskId()}, and the name its
 * printed lines carry to the driver.
 */
public final class TaskContext {
  private final ThreadLocal<ByteString> current = new ThreadLocal<>();
  private final ThreadLocal<String> currentName = new ThreadLocal<>();
  /** The task that started last, for lines printed by threads no task runs on. */
  private volatile String lastName = "";
  /** The actor's class name once this worker holds (or is creating) one: all its lines carry it, as in Ray. */
  private volatile String actorName;
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

  /** Lines printed from now on come from the actor {@code className}. */
  void nameActor(String className) {
    this.actorName = className;
  }

  void enter(ByteString taskId, String name) {
    current.set(taskId);
    currentName.set(name);
    lastName = name;
  }

  void exit() {
    current.remove();
    currentName.remove();
  }

  /** The name in the driver's prefix of a line printed now on this thread: the actor's, else the task's. */
  public String logSourceName() {
    String actor = actorName;
    if (actor != null) {
      return actor;
    }
    String name = currentName.get();
    return name != null ? name : lastName;
  }

  public ByteString currentTaskId() {
    return current.get();
  }
}
