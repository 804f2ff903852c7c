package io.jray.bench.scale;

/** The scalability envelope's actor: it only answers which process holds it. */
public class ScaleActor {
  public ScaleActor() {}

  public long pid() {
    return ProcessHandle.current().pid();
  }

  /** A task that never runs in the envelope (its resource exists nowhere): it waits in its owner. */
  public static int pending() {
    return 1;
  }
}
