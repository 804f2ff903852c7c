package io.jray.cli;

import io.grpc.StatusRuntimeException;
import io.jray.proto.ActorInfo;
import io.jray.proto.GetNodeStatsReply;
import io.jray.proto.GetNodeStatsRequest;
import io.jray.proto.JobInfo;
import io.jray.proto.JobSubmission;
import io.jray.proto.ListJobSubmissionsRequest;
import io.jray.proto.ListedObject;
import io.jray.proto.NodeInfo;
import io.jray.proto.OwnedObject;
import io.jray.proto.PlacementGroupInfo;
import io.jray.proto.TaskEvent;
import io.jray.proto.WorkerStats;
import io.jray.runtime.config.JrayConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jray list nodes|actors|jobs|tasks|objects|workers|placement-groups}: the cluster's state as rows, as Ray's
 * state API ({@code ray list}).
 */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the cluster's nodes, actors, jobs, tasks, objects, workers or placement groups (as 'ray list'), "
        + "filtered and limited.",
    footerHeading = "%nExamples:%n",
    footer = {"  jray list nodes", "  jray list actors --filter state=ALIVE --format=json", "  jray list jobs --limit 5",
        "  jray list tasks --filter state=FAILED", "  jray list objects --format=json",
        "  jray list workers --filter state=IDLE", "  jray list placement-groups --filter state=PENDING"})
final class ListCommand implements Callable<Integer> {
  /** What can be listed; typed as shown ({@code placement-groups}, as Ray spells it). */
  enum Kind {
    nodes, actors, jobs, tasks, objects, workers, placement_groups;

    @Override
    public String toString() {
      return name().replace('_', '-');
    }
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "KIND", description = "One of: ${COMPLETION-CANDIDATES}.")
  Kind kind;

  @Option(names = "--filter", paramLabel = LiveValues.FILTER, description = "Keep rows whose field equals the value (repeatable).")
  List<String> filters = new ArrayList<>();

  @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "At most N rows (default: ${DEFAULT-VALUE}).")
  int limit;

  @Mixin AddressMixin address;
  @Mixin FormatMixin format;
  @Mixin VerboseMixin verbose;

  @Override
  public Integer call() {
    if (limit < 0) {
      throw new ParameterException(spec.commandLine(), "--limit must be 0 or more, not " + limit);
    }
    Map<String, String> wanted = new LinkedHashMap<>();
    for (String f : filters) {
      int eq = f.indexOf('=');
      if (eq <= 0) {
        throw new ParameterException(spec.commandLine(), "--filter must be of the form key=value, not '" + f + "'");
      }
      wanted.put(f.substring(0, eq), f.substring(eq + 1));
    }
    List<Map<String, Object>> rows;
    try (ClusterConnection cluster = ClusterConnection.open(address)) {
      rows = switch (kind) {
        case nodes -> cluster.call(g -> g.getAllNodeInfo()).stream().map(ListCommand::node).toList();
        case actors -> cluster.call(g -> g.getAllActorInfo()).stream().map(ListCommand::actor).toList();
        case jobs -> jobs(cluster);
        // Tasks and objects are filtered here, so the GCS sends all it keeps (bounded by task_events_max).
        case tasks -> cluster.call(g -> g.listTasks(0)).getTasksList().stream().map(ListCommand::task).toList();
        case objects -> cluster.call(g -> g.listObjects(0)).getObjectsList().stream().map(ListCommand::object).toList();
        case workers -> workers(cluster);
        case placement_groups -> cluster.call(g -> g.getAllPlacementGroups()).stream()
            .map(ListCommand::placementGroup).toList();
      };
    }
    List<Map<String, Object>> matching = rows.stream()
        .filter(r -> wanted.entrySet().stream().allMatch(w -> String.valueOf(r.get(w.getKey())).equals(w.getValue())))
        .toList();
    List<Map<String, Object>> kept = matching.subList(0, Math.min(limit, matching.size()));
    if (!rows.isEmpty() && !wanted.isEmpty() && !rows.get(0).keySet().containsAll(wanted.keySet())) {
      throw new ParameterException(spec.commandLine(), "--filter names a field " + kind + " do not have; fields: "
          + rows.get(0).keySet());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(format.json() ? Rows.json(kept) : Rows.table(kept));
    out.flush();
    if (kept.size() < matching.size()) {
      // On stderr, as Ray's note: the rows on stdout stay a clean table or JSON.
      spec.commandLine().getErr().println("Showing " + kept.size() + " of " + matching.size() + " " + kind
          + "; use --limit to see more.");
    }
    return ExitCodes.OK;
  }

  private static Map<String, Object> node(NodeInfo n) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("node_id", hex(n.getNodeId().toByteArray()));
    row.put("node_index", n.getNodeIndex());
    row.put("node_ip", n.getNodeIp());
    row.put("is_head_node", n.getIsHead());
    row.put("state", n.getState() == io.jray.proto.NodeState.NODE_ALIVE ? "ALIVE" : "DEAD");
    row.put("resources_total", new TreeMap<>(n.getTotal().getAmountsMap()));
    row.put("labels", new TreeMap<>(n.getLabelsMap()));
    return row;
  }

  private static Map<String, Object> actor(ActorInfo a) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("actor_id", hex(a.getActorId().toByteArray()));
    row.put("class_name", a.getClassName());
    row.put("state", a.getState().name().substring("ACTOR_".length()));
    row.put("name", a.getName());
    row.put("namespace", a.getNamespace());
    row.put("job_id", hex(a.getJobId().toByteArray()));
    row.put("node_id", hex(a.getNodeId().toByteArray()));
    row.put("num_restarts", a.getNumRestarts());
    return row;
  }

  /** Ray's columns; the state without any prefix (PENDING, CREATED, REMOVED, RESCHEDULING). */
  private static Map<String, Object> placementGroup(PlacementGroupInfo g) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("placement_group_id", hex(g.getPlacementGroupId().toByteArray()));
    row.put("name", g.getName());
    row.put("creator_job_id", hex(g.getCreatorJobId().toByteArray()));
    row.put("state", g.getState().name());
    return row;
  }

  private static Map<String, Object> task(TaskEvent t) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("task_id", hex(t.getTaskId().toByteArray()));
    row.put("attempt_number", t.getAttempt());
    row.put("name", t.getName());
    row.put("state", t.getState().name().substring("TASK_".length()));
    row.put("job_id", hex(t.getJobId().toByteArray()));
    row.put("actor_id", t.getActorId().isEmpty() ? null : hex(t.getActorId().toByteArray()));
    row.put("type", t.getType());
    row.put("func_or_class_name", t.getFuncName());
    row.put("node_id", t.getNodeId().isEmpty() ? null : hex(t.getNodeId().toByteArray()));
    row.put("worker_address", t.hasWorkerAddress() ? t.getWorkerAddress().getIp() + ":" + t.getWorkerAddress().getPort() : null);
    row.put("error_type", t.getErrorType().isEmpty() ? null : t.getErrorType());
    return row;
  }

  private static Map<String, Object> object(ListedObject listed) {
    OwnedObject o = listed.getObject();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("object_id", hex(o.getObjectId().toByteArray()));
    row.put("object_size", o.getSizeBytes() < 0 ? null : o.getSizeBytes());
    row.put("state", o.getState());
    row.put("reference_type", o.getNested() ? "CAPTURED_IN_OBJECT"
        : o.getTaskUses() > 0 ? "USED_BY_PENDING_TASK" : "LOCAL_REFERENCE");
    row.put("location", o.getLocation());
    row.put("local_refs", o.getLocalRefs());
    row.put("pid", listed.getOwnerPid());
    row.put("ip", listed.getOwner().getIp());
    row.put("job_id", listed.getJobId().isEmpty() ? null : hex(listed.getJobId().toByteArray()));
    row.put("node_id", hex(listed.getNodeId().toByteArray()));
    return row;
  }

  /** Driver jobs (every Ray.init) and submitted jobs, as Ray lists both. */
  /**
   * One row per job, as Ray lists them: a driver job (its id), a submission (its id), or both in one row when a
   * submission's driver registered (its job names the submission); a submission's status is the submission's.
   */
  private static List<Map<String, Object>> jobs(ClusterConnection cluster) {
    Map<String, JobSubmission> submittedById = new LinkedHashMap<>();
    List<JobSubmission> submissions =
        cluster.jobs(s -> s.listJobs(ListJobSubmissionsRequest.getDefaultInstance())).getJobsList();
    submissions.forEach(j -> submittedById.put(j.getSubmissionId(), j));
    java.util.Set<String> listed = new java.util.HashSet<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JobInfo j : cluster.call(g -> g.getAllJobInfo())) {
      JobSubmission submitted = j.getSubmissionId().isEmpty() ? null : submittedById.get(j.getSubmissionId());
      if (submitted != null && (j.getStartTimeMs() < submitted.getStartTimeMs()
          || submitted.getEndTimeMs() > 0 && j.getStartTimeMs() > submitted.getEndTimeMs())) {
        submitted = null; // the pid was reused by another driver
      }
      String status = j.getState() == io.jray.proto.JobState.JOB_RUNNING ? "RUNNING" : "FINISHED";
      rows.add(jobRow(hex(j.getJobId().toByteArray()), submitted, status, j.getDriverPid(), j.getNamespace()));
      if (submitted != null) {
        listed.add(submitted.getSubmissionId());
      }
    }
    for (JobSubmission j : submissions) {
      if (!listed.contains(j.getSubmissionId())) {
        rows.add(jobRow(null, j, null, j.getDriverPid(), null));
      }
    }
    return rows;
  }

  private static Map<String, Object> jobRow(String jobId, JobSubmission submitted, String driverStatus, long pid,
      String namespace) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("job_id", jobId);
    row.put("submission_id", submitted == null ? null : submitted.getSubmissionId());
    row.put("type", submitted == null ? "DRIVER" : "SUBMISSION");
    row.put("status", submitted == null ? driverStatus : submitted.getState().name());
    row.put("driver_pid", pid);
    row.put("namespace", namespace);
    return row;
  }

  /**
   * The worker JVMs of every live node, from each node's raylet. A raylet that does not answer is named on
   * stderr and its workers left out, as Ray's state API reports partial results.
   */
  private List<Map<String, Object>> workers(ClusterConnection cluster) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (NodeInfo node : cluster.call(g -> g.getAllNodeInfo())) {
      if (node.getState() != io.jray.proto.NodeState.NODE_ALIVE) {
        continue;
      }
      GetNodeStatsReply stats;
      try {
        stats = cluster.raylet(node).withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS)
            .getNodeStats(GetNodeStatsRequest.getDefaultInstance());
      } catch (StatusRuntimeException e) {
        spec.commandLine().getErr().println(cluster.translate(e, node).getMessage()
            + " Its workers are left out.");
        spec.commandLine().getErr().flush();
        continue;
      }
      for (WorkerStats w : stats.getWorkersList()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("worker_id", hex(w.getWorkerId().toByteArray()));
        row.put("node_id", hex(node.getNodeId().toByteArray()));
        row.put("node_ip", node.getNodeIp());
        row.put("pid", w.getPid());
        row.put("job_id", hex(w.getJobId().toByteArray()));
        row.put("state", w.getState().name().substring("WORKER_".length()));
        row.put("language", "JAVA"); // every jray worker is a JVM
        row.put("port", w.getPort());
        rows.add(row);
      }
    }
    return rows;
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
