package io.jray.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jray.proto.ListLogsReply;
import io.jray.proto.ListLogsRequest;
import io.jray.proto.LogChunk;
import io.jray.proto.LogFile;
import io.jray.proto.NodeInfo;
import io.jray.proto.NodeManagerServiceGrpc;
import io.jray.proto.NodeState;
import io.jray.proto.StreamLogRequest;
import io.jray.runtime.config.JrayConfig;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jray logs [--node ID|IP] [FILE]}: lists a node's log files, or prints (and follows) one. Works from any
 * machine: the node's raylet serves its session logs folder.
 */
@Command(name = "logs", mixinStandardHelpOptions = true, sortOptions = false,
    description = "List the log files of a node (default: the head), or print one of them.",
    footerHeading = "%nExamples:%n",
    footer = {"  jray logs", "  jray logs raylet.out --tail 50", "  jray logs --node 10.0.0.7 gcs.err",
              "  jray logs --node 3f2a worker-0123456789abcdef-01000000.out --follow"})
final class LogsCommand implements Callable<Integer> {
  /** How many times an ordinary call's deadline printing a whole file may take: a large log still fits. */
  private static final int PRINT_DEADLINE_FACTOR = 30;

  @Spec CommandSpec spec;

  @Option(names = "--node", paramLabel = LiveValues.NODE,
      description = "The node: its id (or the start of it) or its IP address (default: the head node).")
  String node;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The log file to print (default: list them).")
  String file;

  @Option(names = {"-f", "--follow"}, description = "Keep printing what is appended to FILE until Ctrl-C.")
  boolean follow;

  @Option(names = "--tail", paramLabel = "N", description = "Print only the last N lines of FILE.")
  Long tail;

  @Mixin AddressMixin address;
  @Mixin FormatMixin format;
  @Mixin VerboseMixin verbose;

  @Override
  public Integer call() {
    if (file == null && (follow || tail != null)) {
      throw new ParameterException(spec.commandLine(), (follow ? "--follow" : "--tail") + " needs a FILE to print");
    }
    if (tail != null && tail < 0) {
      throw new ParameterException(spec.commandLine(), "--tail must be 0 or more, not " + tail);
    }
    try (ClusterConnection cluster = ClusterConnection.open(address)) {
      NodeInfo chosen = pick(cluster.call(g -> g.getAllNodeInfo()), node);
      NodeManagerServiceGrpc.NodeManagerServiceBlockingStub raylet = cluster.raylet(chosen);
      try {
        if (file == null) {
          list(raylet.withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS)
              .listLogs(ListLogsRequest.getDefaultInstance()), chosen);
        } else {
          print(raylet);
        }
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
          throw new CliException(e.getStatus().getDescription(), ExitCodes.USAGE, e);
        }
        throw cluster.translate(e, chosen);
      }
    }
    return ExitCodes.OK;
  }

  /**
   * The node a user means: the live head by default, else the one live node whose id starts with the text or
   * whose IP it is. No match, several, or a dead node: one sentence that says what to do.
   */
  static NodeInfo pick(List<NodeInfo> nodes, String wanted) {
    if (wanted == null) {
      return nodes.stream().filter(n -> n.getIsHead() && n.getState() == NodeState.NODE_ALIVE).findFirst()
          .orElseThrow(() -> new CliException("The cluster has no live head node; pass --node."));
    }
    String prefix = wanted.trim().toLowerCase();
    List<NodeInfo> matching = nodes.stream()
        .filter(n -> n.getNodeIp().equals(wanted.trim()) || (!prefix.isEmpty() && id(n).startsWith(prefix)))
        .toList();
    List<NodeInfo> alive = matching.stream().filter(n -> n.getState() == NodeState.NODE_ALIVE).toList();
    if (alive.size() == 1) {
      return alive.get(0);
    }
    if (alive.size() > 1) {
      throw new CliException("'" + wanted + "' matches " + alive.size() + " nodes (" + String.join(", ",
          alive.stream().map(n -> id(n).substring(0, 12) + ".. at " + n.getNodeIp()).toList())
          + "); give more of a node id.", ExitCodes.USAGE, null);
    }
    if (!matching.isEmpty()) {
      NodeInfo dead = matching.get(0);
      throw new CliException("Node " + id(dead) + " is dead, so its raylet cannot serve its logs; they stay on "
          + dead.getNodeIp() + " under " + dead.getSessionDir() + "/logs.");
    }
    throw new CliException("No node of the cluster has the id or IP '" + wanted + "'; 'jray list nodes' lists them.");
  }

  private static String id(NodeInfo n) {
    return HexFormat.of().formatHex(n.getNodeId().toByteArray());
  }

  private void list(ListLogsReply reply, NodeInfo chosen) {
    PrintWriter out = spec.commandLine().getOut();
    // Made here, not in a static field: the time-zone rules it loads would slow every command's start-up.
    DateTimeFormatter localTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (LogFile f : reply.getFilesList()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", f.getName());
      if (format.json()) {
        row.put("size_bytes", f.getSizeBytes());
        row.put("modified", Instant.ofEpochMilli(f.getModifiedMs()).toString());
      } else {
        row.put("size", ByteSize.format(f.getSizeBytes()));
        row.put("modified", localTime.format(Instant.ofEpochMilli(f.getModifiedMs())));
      }
      rows.add(row);
    }
    if (format.json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("node_id", id(chosen));
      json.put("node_ip", chosen.getNodeIp());
      json.put("logs_dir", reply.getLogsDir());
      json.put("files", rows);
      out.print(Rows.json(json));
    } else {
      out.println("Node " + id(chosen) + " at " + chosen.getNodeIp() + (chosen.getIsHead() ? " (head)" : "")
          + ", logs in " + reply.getLogsDir() + ":");
      out.print(Rows.table(rows));
    }
    out.flush();
  }

  /** Prints the file as it streams in; when following, Ctrl-C ends the stream and the command, with exit 0. */
  private void print(NodeManagerServiceGrpc.NodeManagerServiceBlockingStub raylet) {
    StreamLogRequest.Builder request = StreamLogRequest.newBuilder().setName(file).setFollow(follow);
    if (tail != null) {
      request.setTailLines(tail);
    }
    // A followed log has no end, so no deadline: Ctrl-C ends it, and the channel's keepalive a vanished node.
    NodeManagerServiceGrpc.NodeManagerServiceBlockingStub stub = follow ? raylet
        : raylet.withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get() * PRINT_DEADLINE_FACTOR, TimeUnit.MILLISECONDS);
    PrintWriter out = spec.commandLine().getOut();
    Utf8Stream text = new Utf8Stream();
    try (InterruptOnCtrlC ctrlC = follow ? new InterruptOnCtrlC() : null) {
      Iterator<LogChunk> chunks = stub.streamLog(request.build());
      while (chunks.hasNext()) {
        out.append(text.decode(chunks.next().getData().asReadOnlyByteBuffer()));
        out.flush();
      }
    } catch (StatusRuntimeException e) {
      if (follow && Thread.interrupted()) {
        return; // Ctrl-C: the user is done following
      }
      throw e;
    }
  }

  /** Decodes UTF-8 arriving in pieces: a character split between two chunks is kept until its end arrives. */
  private static final class Utf8Stream {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending = ByteBuffer.allocate(0);

    CharSequence decode(ByteBuffer chunk) {
      ByteBuffer in = ByteBuffer.allocate(pending.remaining() + chunk.remaining()).put(pending).put(chunk).flip();
      CharBuffer chars = CharBuffer.allocate(in.remaining());
      decoder.decode(in, chars, false);
      pending = in;
      return chars.flip();
    }
  }
}
