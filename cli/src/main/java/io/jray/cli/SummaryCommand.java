package io.jray.cli;

import io.jray.proto.ActorInfo;
import io.jray.proto.ListedObject;
import io.jray.proto.TaskEvent;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jray summary tasks|actors|objects}: the cluster's work grouped and counted, as {@code ray summary}. */
@Command(name = "summary", mixinStandardHelpOptions = true,
    description = "Summarize the cluster's tasks (by function and state), actors (by class and state) or objects "
        + "(by where they are and why they are kept), as 'ray summary'.",
    footerHeading = "%nExamples:%n",
    footer = {"  jray summary tasks", "  jray summary actors --format=json", "  jray summary objects"})
final class SummaryCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneId.systemDefault());

  enum Kind { tasks, actors, objects }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "<what>", description = "tasks, actors or objects.")
  Kind kind;

  @Mixin AddressMixin address;
  @Mixin FormatMixin format;
  @Mixin VerboseMixin verbose;

  @Override
  public Integer call() {
    Map<String, Object> stats = new LinkedHashMap<>();
    List<Map<String, Object>> table;
    String groupedBy;
    try (ClusterConnection cluster = ClusterConnection.open(address)) {
      switch (kind) {
        case tasks -> {
          List<TaskEvent> tasks = cluster.call(g -> g.listTasks(0)).getTasksList();
          stats.put("total_tasks", tasks.stream().filter(t -> t.getType().equals("NORMAL_TASK")).count());
          stats.put("total_actor_tasks", tasks.stream().filter(t -> t.getType().equals("ACTOR_TASK")).count());
          table = grouped(tasks, TaskEvent::getFuncName, t -> t.getState().name().replaceFirst("^TASK_", ""),
              "func_or_class_name", TaskEvent::getType);
          groupedBy = "func_name";
        }
        case actors -> {
          List<ActorInfo> actors = cluster.call(g -> g.getAllActorInfo());
          stats.put("total_actors", actors.size());
          table = grouped(actors, ActorInfo::getClassName, a -> a.getState().name().replaceFirst("^ACTOR_", ""),
              "class_name", a -> "ACTOR");
          groupedBy = "class";
        }
        default -> {
          List<ListedObject> objects = cluster.call(g -> g.listObjects(0)).getObjectsList();
          long bytes = objects.stream().mapToLong(o -> Math.max(0, o.getObject().getSizeBytes())).sum();
          stats.put("total_objects", objects.size());
          stats.put("total_size_mb", Math.round(bytes / 1048576.0 * 100) / 100.0);
          table = objectGroups(objects);
          groupedBy = "location and reference type";
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format.json()) {
      Map<String, Object> all = new LinkedHashMap<>(stats);
      all.put("summary", table);
      out.print(Rows.json(all));
    } else {
      String title = Character.toUpperCase(kind.name().charAt(0)) + kind.name().substring(1);
      out.println("======== " + title + " Summary: " + TIME.format(Instant.now()) + " ========");
      out.println("Stats:");
      out.println("------------------------------------");
      stats.forEach((k, v) -> out.println(k + ": " + v));
      out.println();
      out.println("Table (group by " + groupedBy + "):");
      out.println("------------------------------------");
      out.print(table.isEmpty() ? "(none)\n" : Rows.table(table));
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** One row per group: its name, its type, and how many of it are in each state ("FINISHED: 12, FAILED: 1"). */
  private static <T> List<Map<String, Object>> grouped(List<T> items, Function<T, String> group,
      Function<T, String> state, String groupColumn, Function<T, String> type) {
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    for (T item : items) {
      String g = group.apply(item);
      counts.computeIfAbsent(g, x -> new TreeMap<>()).merge(state.apply(item), 1, Integer::sum);
      types.putIfAbsent(g, type.apply(item));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    counts.forEach((g, byState) -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put(groupColumn, g);
      row.put("state_counts", byState);
      row.put("type", types.get(g));
      rows.add(row);
    });
    return rows;
  }

  private static List<Map<String, Object>> objectGroups(List<ListedObject> objects) {
    Map<List<String>, long[]> groups = new TreeMap<>((a, b) -> String.join("/", a).compareTo(String.join("/", b)));
    for (ListedObject o : objects) {
      List<String> key = List.of(o.getObject().getLocation(), MemoryCommand.referenceType(o));
      long[] g = groups.computeIfAbsent(key, k -> new long[2]);
      g[0]++;
      g[1] += Math.max(0, o.getObject().getSizeBytes());
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    groups.forEach((key, g) -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("location", key.get(0));
      row.put("reference_type", key.get(1));
      row.put("objects", g[0]);
      row.put("total_bytes", g[1]);
      rows.add(row);
    });
    return rows;
  }
}
