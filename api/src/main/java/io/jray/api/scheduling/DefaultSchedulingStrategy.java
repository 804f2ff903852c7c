package io.jray.api.scheduling;

/**
 * Ray's hybrid policy ({@code "DEFAULT"}): the submitter's own node while its busiest resource is
 * under half used ({@code jray.scheduler_spread_threshold}), packing it; past that, one of the
 * least loaded nodes that fit (chosen at random among the best fifth), so load spreads.
 */
public final class DefaultSchedulingStrategy implements SchedulingStrategy {
  static final DefaultSchedulingStrategy INSTANCE = new DefaultSchedulingStrategy();

  private DefaultSchedulingStrategy() {}

  @Override
  public String toString() {
    return "DEFAULT";
  }
}
