package io.jray.runtime.local;

import com.google.protobuf.ByteString;
import io.jray.api.id.ActorId;

/** What the current thread runs in local mode: its task, and its actor when it runs one (for the runtime context). */
final class LocalTaskFrames {
  record Frame(ByteString taskId, ActorId actorId, boolean actorRestarted) {}

  private final ThreadLocal<Frame> current = new ThreadLocal<>();

  void enter(ByteString taskId, ActorId actorId, boolean actorRestarted) {
    current.set(new Frame(taskId, actorId, actorRestarted));
  }

  void exit() {
    current.remove();
  }

  /** The current frame, or null on the driver's own threads. */
  Frame current() {
    return current.get();
  }
}
