package io.jray.api.options;

/** Whether an actor dies with the job that created it or outlives it. */
public enum ActorLifetime {
  /** The actor outlives its driver; it ends only when killed or its cluster stops. */
  DETACHED,
  /** The actor ends when the job that created it ends (the default). */
  NON_DETACHED
}
