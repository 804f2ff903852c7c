package io.jray.gcs.dashboard;

import com.google.protobuf.ByteString;
import io.jray.gcs.ActorManager;
import io.jray.gcs.JobManager;
import io.jray.gcs.JobSubmissionManager;
import io.jray.gcs.NodeManager;
import io.jray.gcs.PlacementGroupManager;
import io.jray.gcs.TaskEventManager;
import io.jray.proto.ActorInfo;
import io.jray.proto.JobInfo;
import io.jray.proto.JobSubmission;
import io.jray.proto.NodeInfo;
import io.jray.proto.PlacementGroupInfo;
import io.jray.proto.ResourceMap;
import io.jray.proto.TaskEvent;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the dashboard page shows, read from the GCS's managers as plain maps for JSON ({@code GET /api/cluster}):
 * nodes with their resources (total, available, used), jobs (drivers and submissions), actors, the newest tasks
 * with counts by state, and placement groups. Ids are hex, states the protobuf enum names without their prefix.
 */
public final class ClusterView {
  /** The newest tasks the page lists; the counts cover every task the GCS keeps. */
  static final int TASKS_SHOWN = 200;
  private static final long MANAGER_WAIT_MS = 5000;

  private final NodeManager nodes;
  private final JobManager drivers;
  private final JobSubmissionManager submissions;
  private final ActorManager actors;
  private final TaskEventManager tasks;
  private final PlacementGroupManager placementGroups;

  public ClusterView(NodeManager nodes, JobManager drivers, JobSubmissionManager submissions, ActorManager actors,
      TaskEventManager tasks, PlacementGroupManager placementGroups) {
    this.nodes = nodes;
    this.drivers = drivers;
    this.submissions = submissions;
    this.actors = actors;
    this.tasks = tasks;
    this.placementGroups = placementGroups;
  }

  /** The id (hex) of the job a submission's driver started, or null while it has started none. */
  public String jobIdOfSubmission(String submissionId) {
    return drivers.all().stream().filter(j -> j.getSubmissionId().equals(submissionId))
        .map(j -> hex(j.getJobId())).findFirst().orElse(null);
  }

  Map<String, Object> snapshot() {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("now_ms", System.currentTimeMillis());
    view.put("nodes", nodes.all().stream().map(ClusterView::node).toList());
    view.put("jobs", drivers.all().stream().map(ClusterView::job).toList());
    view.put("submissions", submissions.all().stream().map(ClusterView::submission).toList());
    view.put("actors", await(actors.all()).stream().map(ClusterView::actor).toList());
    List<TaskEvent> newest = tasks.listTasks(TASKS_SHOWN).getTasksList();
    view.put("tasks", newest.stream().map(ClusterView::task).toList());
    Map<String, Integer> byState = new TreeMap<>();
    tasks.countsByStateAndName().forEach((key, count) -> byState.merge(key.get(0), count, Integer::sum));
    view.put("task_counts", byState);
    view.put("placement_groups", await(placementGroups.all()).stream().map(ClusterView::placementGroup).toList());
    return view;
  }

  private static Map<String, Object> node(NodeInfo n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("node_id", hex(n.getNodeId()));
    m.put("node_ip", n.getNodeIp());
    m.put("hostname", n.getHostname());
    m.put("is_head", n.getIsHead());
    m.put("state", n.getState().name().replaceFirst("^NODE_", ""));
    m.put("start_time_ms", n.getStartTimeMs());
    m.put("death_reason", n.getDeathReason());
    Map<String, Double> total = amounts(n.getTotal());
    Map<String, Double> available = amounts(n.getAvailable());
    Map<String, Double> used = new TreeMap<>();
    total.forEach((name, amount) -> used.put(name, Math.max(0, amount - available.getOrDefault(name, 0.0))));
    m.put("total", total);
    m.put("available", available);
    m.put("used", used);
    m.put("labels", n.getLabelsMap());
    return m;
  }

  private static Map<String, Object> job(JobInfo j) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job_id", hex(j.getJobId()));
    m.put("state", j.getState().name().replaceFirst("^JOB_", ""));
    m.put("submission_id", j.getSubmissionId());
    m.put("namespace", j.getNamespace());
    m.put("driver_pid", j.getDriverPid());
    m.put("start_time_ms", j.getStartTimeMs());
    m.put("end_time_ms", j.getEndTimeMs());
    return m;
  }

  private static Map<String, Object> submission(JobSubmission s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("submission_id", s.getSubmissionId());
    m.put("status", s.getState().name());
    m.put("entrypoint", s.getEntrypoint());
    m.put("message", s.getMessage());
    m.put("start_time_ms", s.getStartTimeMs());
    m.put("end_time_ms", s.getEndTimeMs());
    return m;
  }

  private static Map<String, Object> actor(ActorInfo a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("actor_id", hex(a.getActorId()));
    m.put("class_name", a.getClassName());
    m.put("name", a.getName());
    m.put("state", a.getState().name().replaceFirst("^ACTOR_", ""));
    m.put("job_id", hex(a.getJobId()));
    m.put("node_id", hex(a.getNodeId()));
    m.put("num_restarts", a.getNumRestarts());
    m.put("death_cause", a.getDeathCause());
    return m;
  }

  private static Map<String, Object> task(TaskEvent t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task_id", hex(t.getTaskId()));
    m.put("name", t.getName());
    m.put("state", t.getState().name().replaceFirst("^TASK_", ""));
    m.put("type", t.getType());
    m.put("job_id", hex(t.getJobId()));
    m.put("node_id", hex(t.getNodeId()));
    m.put("attempt", t.getAttempt());
    m.put("error_type", t.getErrorType());
    m.put("time_ms", t.getTimeMs());
    return m;
  }

  private static Map<String, Object> placementGroup(PlacementGroupInfo p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("placement_group_id", hex(p.getPlacementGroupId()));
    m.put("name", p.getName());
    m.put("strategy", p.getStrategy().name());
    m.put("state", p.getState().name());
    m.put("bundles", p.getBundlesList().stream().map(ClusterView::amounts).toList());
    m.put("bundle_node_ids", p.getBundleNodeIdsList().stream().map(ClusterView::hex).toList());
    m.put("creator_job_id", hex(p.getCreatorJobId()));
    return m;
  }

  private static Map<String, Double> amounts(ResourceMap resources) {
    return new TreeMap<>(resources.getAmountsMap());
  }

  private static String hex(ByteString id) {
    return HexFormat.of().formatHex(id.toByteArray());
  }

  private static <T> List<T> await(CompletableFuture<List<T>> future) {
    try {
      return future.get(MANAGER_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new HttpError(503, "The GCS did not answer in time; try again.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpError(503, "Interrupted.");
    }
  }
}
