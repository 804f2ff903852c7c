package io.jray.cli;

import io.jray.proto.ListedObject;
import io.jray.proto.OwnedObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jray memory}: the objects live drivers and workers own, grouped by node (or by owner), largest first, with
 * why each is kept, and the totals per group, as {@code ray memory}.
 */
@Command(name = "memory", mixinStandardHelpOptions = true,
    description = "Show the objects the cluster keeps, by node (or owner): size, where the value is, and why it is "
        + "kept (a local ref, a pending task's argument, inside another value, borrowed), as 'ray memory'.",
    footerHeading = "%nExamples:%n",
    footer = {"  jray memory", "  jray memory --group-by=owner --format=json"})
final class MemoryCommand implements Callable<Integer> {
  enum GroupBy { node, owner }

  @Spec CommandSpec spec;

  @Option(names = "--group-by", defaultValue = "node", paramLabel = "<node|owner>",
      description = "Group the objects by their owner's node or by owner process (default: ${DEFAULT-VALUE}).")
  GroupBy groupBy;

  @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "At most N objects per group.")
  int limit;

  @Mixin AddressMixin address;
  @Mixin FormatMixin format;
  @Mixin VerboseMixin verbose;

  /** Why an object is kept, in Ray's words. */
  static String referenceType(ListedObject listed) {
    OwnedObject o = listed.getObject();
    return o.getNested() ? "CAPTURED_IN_OBJECT" : o.getTaskUses() > 0 ? "USED_BY_PENDING_TASK"
        : o.getBorrowers() > 0 ? "BORROWED" : "LOCAL_REFERENCE";
  }

  @Override
  public Integer call() {
    List<ListedObject> objects;
    try (ClusterConnection cluster = ClusterConnection.open(address)) {
      objects = cluster.call(g -> g.listObjects(0)).getObjectsList();
    }
    Map<String, List<ListedObject>> groups = new TreeMap<>();
    for (ListedObject o : objects) {
      String key = groupBy == GroupBy.node ? "node " + HexFormat.of().formatHex(o.getNodeId().toByteArray())
          : "owner " + o.getOwner().getIp() + ":" + o.getOwner().getPort() + " (pid " + o.getOwnerPid() + ")";
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(o);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    PrintWriter out = spec.commandLine().getOut();
    long totalBytes = 0;
    for (Map.Entry<String, List<ListedObject>> group : groups.entrySet()) {
      List<ListedObject> members = new ArrayList<>(group.getValue());
      members.sort(Comparator.comparingLong((ListedObject o) -> o.getObject().getSizeBytes()).reversed());
      long bytes = members.stream().mapToLong(o -> Math.max(0, o.getObject().getSizeBytes())).sum();
      totalBytes += bytes;
      List<Map<String, Object>> rows = new ArrayList<>();
      for (ListedObject o : members.subList(0, Math.min(limit, members.size()))) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("object_id", HexFormat.of().formatHex(o.getObject().getObjectId().toByteArray()));
        row.put("size_bytes", o.getObject().getSizeBytes() < 0 ? null : o.getObject().getSizeBytes());
        row.put("reference_type", referenceType(o));
        row.put("location", o.getObject().getLocation());
        row.put("owner_pid", o.getOwnerPid());
        row.put("local_refs", o.getObject().getLocalRefs());
        row.put("borrowers", o.getObject().getBorrowers());
        rows.add(row);
      }
      if (format.json()) {
        json.put(group.getKey(), Map.of("objects", members.size(), "total_bytes", bytes, "rows", rows));
      } else {
        out.println("--- " + group.getKey() + ": " + members.size() + " objects, " + bytes + " bytes ---");
        out.print(Rows.table(rows));
        if (members.size() > rows.size()) {
          out.println("(" + (members.size() - rows.size()) + " more; --limit shows more)");
        }
        out.println();
      }
    }
    if (format.json()) {
      json.put("total", Map.of("objects", objects.size(), "total_bytes", totalBytes));
      out.print(Rows.json(json));
    } else {
      out.println("--- Total: " + objects.size() + " objects, " + totalBytes + " bytes ---");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
