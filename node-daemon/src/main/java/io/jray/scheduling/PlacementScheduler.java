package io.jray.scheduling;

import java.util.List;
import java.util.Optional;

/**
 * Who decides where the GCS places work (an actor, a raylet's lease that asks it, a lone bundle): the built-in
 * policy ({@link BuiltInScheduler}) or an external scheduler service ({@code external.ExternalScheduler}), which
 * falls back to the built-in policy whenever it cannot answer. Managers take this, not a transport, so they are
 * unit-testable. Implementations are thread-safe.
 */
public interface PlacementScheduler {

  /** The node for {@code request} among {@code nodes}; {@code preferred} is the submitter's node (hex) or null. */
  SchedulingPolicy.Decision pick(SchedulingPolicy.Request request, List<SchedulingPolicy.Candidate> nodes,
      String preferred);

  /**
   * Only the external scheduler's pick: empty when there is none, it is not connected, nothing fits by its
   * view, it named no live node that can fit, or the request asks for what its wire cannot say (a strategy other
   * than DEFAULT, a label selector). The caller's own built-in policy then decides.
   */
  Optional<SchedulingPolicy.Run> pickExternally(SchedulingPolicy.Request request,
      List<SchedulingPolicy.Candidate> nodes);

  /** Whether an external scheduler is configured (connected or not). */
  boolean external();

  /** Who decides, for {@code jray status}: "built-in", or "external at host:port (connected)" and the like. */
  String describe();
}
