package io.jray.cli;

import com.google.gson.GsonBuilder;
import io.jray.proto.ActorInfo;
import io.jray.proto.BundleUsage;
import io.jray.proto.GetClusterStatusReply;
import io.jray.proto.NodeInfo;
import io.jray.proto.NodeState;
import io.jray.proto.ResourceDemand;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Renders a cluster status reply as {@code ray status} does, or as JSON. */
final class StatusReport {
  private static final String RULE = "-".repeat(63);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
  private static final List<String> BYTE_RESOURCES = List.of("memory", "object_store_memory");

  /** Indexes into {@link #usage}'s sums. Reserved resources count as used, as in Ray. */
  private static final int TOTAL = 0;
  private static final int USED = 1;
  private static final int RESERVED = 2;
  private static final int USED_IN_RESERVED = 3;

  private final GetClusterStatusReply status;
  private final List<ActorInfo> actors;

  StatusReport(GetClusterStatusReply status, List<ActorInfo> actors) {
    this.status = status;
    this.actors = actors;
  }

  String table(boolean detail) {
    StringBuilder out = new StringBuilder();
    out.append("======== Cluster status: ").append(TIME.format(Instant.ofEpochMilli(status.getNowMs()))).append(" ========\n");
    if (!status.getStorage().isEmpty()) {
      out.append("GCS storage: ").append(status.getStorage());
      if (status.getGcsRestarts() > 0) {
        out.append(" (GCS restarted ").append(status.getGcsRestarts())
            .append(status.getGcsRestarts() == 1 ? " time" : " times").append(", last at ")
            .append(TIME.format(Instant.ofEpochMilli(status.getGcsStartTimeMs()))).append(')');
      }
      out.append('\n');
    }
    if (!status.getScheduler().isEmpty()) {
      out.append("Scheduler: ").append(status.getScheduler()).append('\n');
    }
    if (!status.getDashboardUrl().isEmpty()) {
      out.append("Dashboard: ").append(status.getDashboardUrl()).append('\n');
    }
    out.append("Node status\n").append(RULE).append('\n');
    out.append("Active:\n");
    List<NodeInfo> alive = nodes(NodeState.NODE_ALIVE);
    if (alive.isEmpty()) {
      out.append(" (no active nodes)\n");
    }
    alive.forEach(n -> out.append(" 1 node_").append(id(n)).append(" (").append(n.getNodeIp())
        .append(n.getIsHead() ? ", head" : "").append(")\n"));
    out.append("Pending:\n (no pending nodes)\n");
    out.append("Recent failures:\n");
    List<NodeInfo> dead = nodes(NodeState.NODE_DEAD);
    if (dead.isEmpty()) {
      out.append(" (no failures)\n");
    }
    dead.forEach(n -> out.append(" node_").append(id(n)).append(" (").append(n.getNodeIp()).append("): DEAD, ")
        .append(n.getDeathReason()).append('\n'));
    out.append('\n').append("Resources\n").append(RULE).append('\n');
    out.append("Usage:\n");
    appendUsage(out, alive);
    out.append('\n').append("Demands:\n");
    if (status.getDemandsCount() == 0) {
      out.append(" (no resource demands)\n");
    }
    for (ResourceDemand d : status.getDemandsList()) {
      out.append(' ').append(new TreeMap<>(d.getShape().getAmountsMap())).append(": ").append(d.getCount())
          .append("+ pending tasks/actors\n");
    }
    if (detail) {
      for (NodeInfo n : alive) {
        out.append('\n').append("Node: node_").append(id(n)).append(" (").append(n.getNodeIp()).append(")\n");
        out.append(" Hostname: ").append(n.getHostname()).append('\n');
        out.append(" Raylet port: ").append(n.getNodeManagerPort()).append(", object store port: ")
            .append(n.getObjectStorePort()).append('\n');
        if (n.getLabelsCount() > 0) {
          out.append(" Labels: ").append(new TreeMap<>(n.getLabelsMap())).append('\n');
        }
        out.append(" Usage:\n");
        appendUsage(out, List.of(n));
      }
      out.append('\n').append("Actors\n").append(RULE).append('\n');
      if (actors.isEmpty()) {
        out.append(" (no actors)\n");
      }
      for (ActorInfo a : actors) {
        out.append(' ').append(hex(a.getActorId().toByteArray())).append(' ').append(actorState(a))
            .append(' ').append(a.getClassName());
        if (!a.getName().isEmpty()) {
          out.append(" name=").append(a.getName());
        }
        if (!a.getNodeId().isEmpty()) {
          String node = hex(a.getNodeId().toByteArray());
          out.append(" node=").append(node, 0, Math.min(12, node.length()));
        }
        if (a.getNumRestarts() > 0) {
          out.append(" restarts=").append(a.getNumRestarts());
        }
        if (!a.getDeathCause().isEmpty()) {
          out.append(" (").append(a.getDeathCause()).append(')');
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  private void appendUsage(StringBuilder out, List<NodeInfo> nodes) {
    Map<String, double[]> usage = usage(nodes);
    if (usage.isEmpty()) {
      out.append(" (no resources)\n");
    }
    usage.forEach((name, sums) -> {
      out.append(' ').append(amount(name, sums[USED])).append('/').append(amount(name, sums[TOTAL])).append(' ')
          .append(name);
      if (sums[RESERVED] > 0) {
        out.append(" (").append(amount(name, sums[USED_IN_RESERVED])).append(" used of ")
            .append(amount(name, sums[RESERVED])).append(" reserved in placement groups)");
      }
      out.append('\n');
    });
  }

  private static String amount(String name, double value) {
    return BYTE_RESOURCES.contains(name) ? ByteSize.format(value) : String.format(Locale.ROOT, "%.1f", value);
  }

  /**
   * name -> {total, used, reserved in placement groups, used of those} summed over the nodes, CPU and GPU first,
   * then Ray's order, then the rest by name.
   */
  private static Map<String, double[]> usage(List<NodeInfo> nodes) {
    Map<String, double[]> sums = new TreeMap<>((a, b) -> {
      int ra = rank(a);
      int rb = rank(b);
      return ra != rb ? Integer.compare(ra, rb) : a.compareTo(b);
    });
    for (NodeInfo n : nodes) {
      n.getTotal().getAmountsMap().forEach((name, total) -> {
        double available = n.getAvailable().getAmountsMap().getOrDefault(name, total);
        double[] s = sums.computeIfAbsent(name, k -> new double[4]);
        s[TOTAL] += total;
        s[USED] += Math.max(0, total - available);
      });
      for (BundleUsage bundle : n.getBundlesList()) {
        bundle.getTotal().getAmountsMap().forEach((name, reserved) -> {
          double[] s = sums.computeIfAbsent(name, k -> new double[4]);
          s[RESERVED] += reserved;
          s[USED_IN_RESERVED] += Math.max(0, reserved - bundle.getAvailable().getAmountsOrDefault(name, reserved));
        });
      }
    }
    return sums;
  }

  private static int rank(String name) {
    int i = List.of("CPU", "GPU", "memory", "object_store_memory").indexOf(name);
    return i < 0 ? 10 : i;
  }

  private List<NodeInfo> nodes(NodeState state) {
    return status.getNodesList().stream().filter(n -> n.getState() == state).toList();
  }

  private static String id(NodeInfo n) {
    return hex(n.getNodeId().toByteArray());
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** ALIVE, PENDING, RESTARTING or DEAD, as Ray's state API shows them. */
  private static String actorState(ActorInfo a) {
    return a.getState().name().substring("ACTOR_".length());
  }

  String json() {
    Map<String, Object> root = new LinkedHashMap<>();
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (NodeInfo n : status.getNodesList()) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("node_id", id(n));
      node.put("node_ip", n.getNodeIp());
      node.put("state", n.getState() == NodeState.NODE_ALIVE ? "ALIVE" : "DEAD");
      node.put("is_head", n.getIsHead());
      node.put("hostname", n.getHostname());
      node.put("raylet_port", n.getNodeManagerPort());
      node.put("object_store_port", n.getObjectStorePort());
      node.put("resources_total", new TreeMap<>(n.getTotal().getAmountsMap()));
      node.put("resources_available", new TreeMap<>(n.getAvailable().getAmountsMap()));
      node.put("labels", new TreeMap<>(n.getLabelsMap()));
      if (n.getState() == NodeState.NODE_DEAD) {
        node.put("death_reason", n.getDeathReason());
      }
      nodes.add(node);
    }
    root.put("nodes", nodes);
    Map<String, Object> gcs = new LinkedHashMap<>();
    gcs.put("storage", status.getStorage());
    gcs.put("restarts", status.getGcsRestarts());
    gcs.put("start_time_ms", status.getGcsStartTimeMs());
    gcs.put("cluster_id", status.getClusterId());
    gcs.put("scheduler", status.getScheduler());
    root.put("gcs", gcs);
    root.put("dashboard_url", status.getDashboardUrl().isEmpty() ? null : status.getDashboardUrl());
    Map<String, Map<String, Double>> usage = new LinkedHashMap<>();
    usage(nodes(NodeState.NODE_ALIVE)).forEach((name, s) -> usage.put(name, Map.of("total", s[TOTAL], "used", s[USED],
        "reserved_in_placement_groups", s[RESERVED])));
    root.put("usage", usage);
    List<Map<String, Object>> demands = new ArrayList<>();
    for (ResourceDemand d : status.getDemandsList()) {
      demands.add(Map.of("shape", new TreeMap<>(d.getShape().getAmountsMap()), "count", d.getCount()));
    }
    root.put("demands", demands);
    List<Map<String, Object>> actorList = new ArrayList<>();
    for (ActorInfo a : actors) {
      Map<String, Object> actor = new LinkedHashMap<>();
      actor.put("actor_id", hex(a.getActorId().toByteArray()));
      actor.put("state", actorState(a));
      actor.put("class_name", a.getClassName());
      actor.put("name", a.getName());
      actor.put("namespace", a.getNamespace());
      actor.put("node_id", hex(a.getNodeId().toByteArray()));
      actor.put("num_restarts", a.getNumRestarts());
      actor.put("death_cause", a.getDeathCause());
      actorList.add(actor);
    }
    root.put("actors", actorList);
    return new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n";
  }
}
