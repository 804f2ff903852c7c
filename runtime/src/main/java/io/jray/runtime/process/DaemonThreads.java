package io.jray.runtime.process;

import java.util.concurrent.ThreadFactory;

/** Threads that never keep their JVM alive: every background thread of jray's processes comes from here. */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A factory of daemon threads all named {@code name} (as thread dumps and profiles show them). */
  public static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
