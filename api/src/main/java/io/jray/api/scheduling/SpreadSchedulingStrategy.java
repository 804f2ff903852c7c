package io.jray.api.scheduling;

/**
 * Ray's {@code "SPREAD"}: tasks or actors go round-robin over the nodes that fit, preferring nodes
 * with room now, so they split evenly across the cluster.
 */
public final class SpreadSchedulingStrategy implements SchedulingStrategy {
  static final SpreadSchedulingStrategy INSTANCE = new SpreadSchedulingStrategy();

  private SpreadSchedulingStrategy() {}

  @Override
  public String toString() {
    return "SPREAD";
  }
}
