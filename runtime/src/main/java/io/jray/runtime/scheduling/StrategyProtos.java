package io.jray.runtime.scheduling;

import com.google.protobuf.ByteString;
import io.jray.api.scheduling.NodeAffinitySchedulingStrategy;
import io.jray.api.scheduling.SchedulingStrategy;
import io.jray.api.scheduling.SpreadSchedulingStrategy;
import java.util.Map;

/** Turns the API's scheduling strategy and label selector into the wire's, checking the selector's syntax. */
public final class StrategyProtos {
  private StrategyProtos() {}

  /**
   * The wire form, or null for the default policy on any node (nothing to send).
   *
   * @throws IllegalArgumentException when the selector is not in Ray's syntax
   */
  public static io.jray.proto.SchedulingStrategy of(SchedulingStrategy strategy, Map<String, String> labelSelector) {
    LabelSelector.parse(labelSelector);
    io.jray.proto.SchedulingStrategy.Builder out = io.jray.proto.SchedulingStrategy.newBuilder()
        .putAllLabelSelector(labelSelector);
    if (strategy instanceof SpreadSchedulingStrategy) {
      out.setKind(io.jray.proto.SchedulingStrategy.Kind.SPREAD);
    } else if (strategy instanceof NodeAffinitySchedulingStrategy affinity) {
      out.setKind(io.jray.proto.SchedulingStrategy.Kind.NODE_AFFINITY)
          .setNodeId(ByteString.copyFrom(affinity.getNodeId().getBytes()))
          .setSoft(affinity.isSoft());
    }
    io.jray.proto.SchedulingStrategy built = out.build();
    return built.equals(io.jray.proto.SchedulingStrategy.getDefaultInstance()) ? null : built;
  }
}
