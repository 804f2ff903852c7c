package io.jray.cli;

import io.jray.proto.ActorInfo;
import io.jray.proto.ListJobSubmissionsRequest;
import io.jray.proto.NodeInfo;
import io.jray.proto.NodeState;
import io.jray.runtime.config.JrayConfig;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Values that only the cluster knows, for the shell's tab completion: node ids, job ids and actor names. An
 * option or parameter asks for them through its paramLabel (one of the constants here). One snapshot of the
 * cluster is fetched when needed and reused for {@code shell_completion_cache_ms}; a cluster that cannot be
 * reached gives no values (completion must never fail or print). Called from the shell's reader thread only.
 */
final class LiveValues {
  /** paramLabel of options that take a node (its id or IP). */
  static final String NODE = "<node>";
  /** paramLabel of parameters that take a submitted job's id. */
  static final String JOB = "JOB_ID";
  /** paramLabel of {@code --filter}: completed as node_id=..., job_id=... and name=... (actor names). */
  static final String FILTER = "key=value";

  /** One completion: the value and a few words about it. */
  record Value(String value, String description) {}

  private record Snapshot(long fetchedAtNanos, List<Value> nodes, List<Value> jobs, List<Value> filters) {}

  private final Supplier<ClusterConnection> connect;
  private Snapshot snapshot;

  LiveValues(Supplier<ClusterConnection> connect) {
    this.connect = connect;
  }

  /** The values for a paramLabel (none for a label that takes no live value). */
  List<Value> forLabel(String paramLabel) {
    return switch (paramLabel) {
      case NODE -> fresh().nodes();
      case JOB -> fresh().jobs();
      case FILTER -> fresh().filters();
      default -> List.of();
    };
  }

  static boolean isLive(String paramLabel) {
    return paramLabel.equals(NODE) || paramLabel.equals(JOB) || paramLabel.equals(FILTER);
  }

  private Snapshot fresh() {
    long ttlNanos = JrayConfig.SHELL_COMPLETION_CACHE_MS.get() * 1_000_000L;
    if (snapshot == null || System.nanoTime() - snapshot.fetchedAtNanos() > ttlNanos) {
      snapshot = fetch();
    }
    return snapshot;
  }

  private Snapshot fetch() {
    List<Value> nodes = new ArrayList<>();
    List<Value> jobs = new ArrayList<>();
    List<Value> filters = new ArrayList<>();
    try (ClusterConnection cluster = connect.get()) {
      for (NodeInfo n : cluster.call(g -> g.getAllNodeInfo())) {
        String id = hex(n.getNodeId().toByteArray());
        String about = n.getNodeIp() + (n.getIsHead() ? " head" : "") + (n.getState() == NodeState.NODE_ALIVE ? "" : " dead");
        nodes.add(new Value(id, about));
        filters.add(new Value("node_id=" + id, about));
      }
      cluster.jobs(s -> s.listJobs(ListJobSubmissionsRequest.getDefaultInstance())).getJobsList()
          .forEach(j -> jobs.add(new Value(j.getSubmissionId(), j.getState().name())));
      cluster.call(g -> g.getAllJobInfo()).forEach(j -> filters.add(new Value("job_id=" + hex(j.getJobId().toByteArray()),
          "driver pid " + j.getDriverPid())));
      for (ActorInfo a : cluster.call(g -> g.getAllActorInfo())) {
        if (!a.getName().isEmpty()) {
          filters.add(new Value("name=" + a.getName(), a.getClassName() + " " + a.getState().name().substring("ACTOR_".length())));
        }
      }
    } catch (RuntimeException unreachable) {
      // no cluster, a wrong token, a timeout: complete nothing live (the command itself will say what is wrong)
    }
    return new Snapshot(System.nanoTime(), List.copyOf(nodes), List.copyOf(jobs), List.copyOf(filters));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
