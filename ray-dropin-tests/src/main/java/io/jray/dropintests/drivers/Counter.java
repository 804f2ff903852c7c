package io.jray.dropintests.drivers;

import io.ray.api.Ray;

/** The actor of the driver programs. */
public class Counter {
  private int value;

  public Counter(int start) {
    this.value = start;
  }

  public int increment(int by) {
    value += by;
    return value;
  }

  public int get() {
    return value;
  }

  public String actorId() {
    return Ray.getRuntimeContext().getCurrentActorId().toString();
  }

  public String selfHandleId() {
    return Ray.getRuntimeContext().getCurrentActorHandle().getId().toString();
  }

  public boolean wasRestarted() {
    return Ray.getRuntimeContext().wasCurrentActorRestarted();
  }

  public String nodeId() {
    return Ray.getRuntimeContext().getCurrentNodeId().toString();
  }

  public int failWith(String message) {
    throw new IllegalArgumentException(message);
  }

  public void exit() {
    Ray.exitActor();
  }

  public String env(String name) {
    return System.getenv(name);
  }

  public String property(String name) {
    return System.getProperty(name);
  }
}
