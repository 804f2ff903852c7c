package io.jray.scheduling;

import java.util.List;
import java.util.Optional;

/** The GCS's own policy ({@link SchedulingPolicy}) and nothing else. */
public final class BuiltInScheduler implements PlacementScheduler {
  private final SchedulingPolicy policy;

  public BuiltInScheduler(SchedulingPolicy policy) {
    this.policy = policy;
  }

  @Override
  public SchedulingPolicy.Decision pick(SchedulingPolicy.Request request, List<SchedulingPolicy.Candidate> nodes,
      String preferred) {
    return policy.pick(request, nodes, preferred);
  }

  @Override
  public Optional<SchedulingPolicy.Run> pickExternally(SchedulingPolicy.Request request,
      List<SchedulingPolicy.Candidate> nodes) {
    return Optional.empty();
  }

  @Override
  public boolean external() {
    return false;
  }

  @Override
  public String describe() {
    return "built-in";
  }
}
