package io.jray.api.scheduling;

/**
 * Where a task or actor may run, beyond its resources (Ray's {@code scheduling_strategy}). Made by
 * {@link SchedulingStrategies}: {@link DefaultSchedulingStrategy} (Ray's hybrid policy),
 * {@link SpreadSchedulingStrategy} and {@link NodeAffinitySchedulingStrategy}. A label selector
 * ({@code setLabelSelector}) narrows the nodes any of them may choose from.
 */
public interface SchedulingStrategy {}
