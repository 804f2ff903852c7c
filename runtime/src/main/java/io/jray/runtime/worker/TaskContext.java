package io.jray.runtime.worker;

import com.google.protobuf.ByteString;

/** Which task this worker thread is running, for {@code getRuntimeContext().getCurrentTaskId()}. */
public final class TaskContext {
  private final ThreadLocal<ByteString> current = new ThreadLocal<>();

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
