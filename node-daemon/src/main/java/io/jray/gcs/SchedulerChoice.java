package io.jray.gcs;

import io.jray.proto.NodeInfo;
import io.jray.proto.NodeState;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.HostPort;
import io.jray.scheduling.BuiltInScheduler;
import io.jray.scheduling.PlacementScheduler;
import io.jray.scheduling.SchedulingPolicy;
import io.jray.scheduling.external.ExternalScheduler;
import io.jray.scheduling.external.SchedulerConnection;
import java.util.HashMap;
import java.util.Map;

/**
 * Makes the GCS's {@link PlacementScheduler}: the built-in policy, or (with {@code external_scheduler} set) an
 * external scheduler kept told of the node table's joins, deaths and resource changes.
 */
final class SchedulerChoice {
  private SchedulerChoice() {}

  static PlacementScheduler fromConfig(NodeManager nodes) {
    BuiltInScheduler builtIn = new BuiltInScheduler(SchedulingPolicy.fromConfig());
    String address = JrayConfig.EXTERNAL_SCHEDULER.get().trim();
    if (address.isEmpty()) {
      return builtIn;
    }
    HostPort at;
    try {
      at = HostPort.parse(address);
    } catch (IllegalArgumentException e) {
      // The launcher refuses this before start; a GCS started otherwise goes on with its own policy.
      java.util.logging.Logger.getLogger(SchedulerChoice.class.getName()).severe("external_scheduler '" + address
          + "' is not host:port; the built-in policy decides");
      return builtIn;
    }
    SchedulerConnection connection = new SchedulerConnection(at,
        JrayConfig.EXTERNAL_SCHEDULER_TIMEOUT_MS.get(), JrayConfig.RPC_RETRY_BASE_MS.get(),
        JrayConfig.EXTERNAL_SCHEDULER_RECONNECT_MAX_MS.get(), System::currentTimeMillis);
    ExternalScheduler external = new ExternalScheduler(connection, builtIn, JrayConfig.RPC_RETRY_BASE_MS.get());
    nodes.addListener(node -> {
      if (node.getState() == NodeState.NODE_ALIVE) {
        external.nodeJoined(node.getNodeIndex(), NodeManager.hex(node.getNodeId()), available(node));
      } else {
        external.nodeLeft(node.getNodeIndex());
      }
    });
    nodes.addUsageListener(node -> external.resourcesChanged(node.getNodeIndex(), available(node)));
    // A GCS that came back (durable storage) starts from the nodes it knew.
    nodes.alive().forEach(node -> external.nodeJoined(node.getNodeIndex(), NodeManager.hex(node.getNodeId()),
        available(node)));
    return external;
  }

  /** Every resource of the node, at its available amount (0 when fully taken). */
  static Map<String, Double> available(NodeInfo node) {
    Map<String, Double> out = new HashMap<>();
    node.getTotal().getAmountsMap().keySet().forEach(name ->
        out.put(name, node.getAvailable().getAmountsMap().getOrDefault(name, 0.0)));
    return out;
  }
}
