package io.jray.cli;

import com.google.gson.GsonBuilder;
import io.jray.proto.TaskEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jray timeline}: the tasks the GCS knows as a Chrome trace (as {@code ray timeline}): one complete event
 * per task that ran, from when it was pushed to its worker to when it ended, a row per worker, a process per node.
 */
@Command(name = "timeline", mixinStandardHelpOptions = true,
    description = "Write the cluster's recent tasks as a Chrome trace (open it in chrome://tracing or "
        + "https://ui.perfetto.dev), as 'ray timeline'.",
    footerHeading = "%nExamples:%n",
    footer = {"  jray timeline", "  jray timeline --output=trace.json --address=127.0.0.1:6379"})
final class TimelineCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--output", paramLabel = "<file>",
      description = "Where to write the trace (default: jray-timeline-<time>.json in the current folder).")
  Path output;

  @Mixin AddressMixin address;
  @Mixin VerboseMixin verbose;

  @Override
  public Integer call() {
    List<TaskEvent> tasks;
    try (ClusterConnection cluster = ClusterConnection.open(address)) {
      tasks = cluster.call(g -> g.listTasks(0)).getTasksList();
    }
    List<Object> events = trace(tasks);
    Path file = output != null ? output : Path.of("jray-timeline-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss")) + ".json");
    try {
      Files.writeString(file, new GsonBuilder().create().toJson(events), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException("Cannot write the trace to " + file + " (" + e.getMessage() + "); choose another "
          + "--output.", ExitCodes.FAILED, e);
    }
    long ran = events.stream().filter(e -> "X".equals(((Map<?, ?>) e).get("ph"))).count();
    spec.commandLine().getOut().println("Wrote a trace of " + ran + " tasks to " + file.toAbsolutePath()
        + "; open it in chrome://tracing or https://ui.perfetto.dev.");
    return ExitCodes.OK;
  }

  /** Chrome's trace event format: complete events ("X", microseconds) and the names of nodes and workers. */
  static List<Object> trace(List<TaskEvent> tasks) {
    List<Object> events = new ArrayList<>();
    Map<String, Integer> nodes = new LinkedHashMap<>();
    Map<String, Integer> workers = new LinkedHashMap<>();
    for (TaskEvent t : tasks) {
      if (t.getStartTimeMs() <= 0 || t.getEndTimeMs() < t.getStartTimeMs()) {
        continue; // never ran, or still running: nothing to draw
      }
      String node = t.getNodeId().isEmpty() ? "unknown" : HexFormat.of().formatHex(t.getNodeId().toByteArray());
      String worker = t.hasWorkerAddress() ? t.getWorkerAddress().getIp() + ":" + t.getWorkerAddress().getPort()
          : "unknown";
      int pid = nodes.computeIfAbsent(node, n -> nodes.size() + 1);
      int tid = workers.computeIfAbsent(worker, w -> workers.size() + 1);
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("task_id", HexFormat.of().formatHex(t.getTaskId().toByteArray()));
      args.put("state", t.getState().name().replaceFirst("^TASK_", ""));
      args.put("attempt", t.getAttempt());
      args.put("worker", worker);
      if (!t.getErrorType().isEmpty()) {
        args.put("error_type", t.getErrorType());
      }
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("name", t.getName());
      event.put("cat", t.getType());
      event.put("ph", "X");
      event.put("ts", t.getStartTimeMs() * 1000);
      event.put("dur", Math.max(1, (t.getEndTimeMs() - t.getStartTimeMs()) * 1000));
      event.put("pid", pid);
      event.put("tid", tid);
      event.put("args", args);
      events.add(event);
    }
    nodes.forEach((node, pid) -> events.add(Map.of("name", "process_name", "ph", "M", "pid", pid,
        "args", Map.of("name", "node " + node.substring(0, Math.min(8, node.length()))))));
    return events;
  }
}
