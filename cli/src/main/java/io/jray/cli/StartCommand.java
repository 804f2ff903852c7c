package io.jray.cli;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import io.jray.node.NodeLauncher;
import io.jray.node.NodeSpec;
import io.jray.node.NodeStopper;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.process.ProcessRecord;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HostPort;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code jray start}: starts this machine's node, as head or joining a head. */
@Command(name = "start", mixinStandardHelpOptions = true, versionProvider = JrayVersion.class, sortOptions = false,
    description = "Start jray's processes on this machine: a head (GCS, raylet, object store, reaper) or a node joining one.",
    footerHeading = "%nExamples:%n",
    footer = {"  jray start --head --port=6379",
              "  jray start --address=10.0.0.5:6379 --num-cpus=4 --resources='{\"accel\": 2}'"})
final class StartCommand implements Callable<Integer> {
  private static final Type RESOURCES = new TypeToken<Map<String, Double>>() {}.getType();

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Role role;

  static final class Role {
    @Option(names = "--head", required = true, description = "Start the head node (runs the GCS).")
    boolean head;

    @Option(names = "--address", required = true, paramLabel = "<host:port>",
        description = "Join the cluster whose head (GCS) is at this address.")
    String address;
  }

  @Option(names = "--port", defaultValue = "6379", description = "Head only: the GCS port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--storage", paramLabel = "<where>",
      description = "Head only: where the GCS keeps its tables: memory (default; lost with the GCS), file:<dir> "
          + "(embedded, durable) or redis://[user@]host:port (password from JRAY_REDIS_PASSWORD or "
          + "--storage-password-file). With durable storage a GCS that dies is restarted and the cluster goes on.")
  String storage;

  @Option(names = "--storage-password-file", paramLabel = "<file>",
      description = "Head only: a file (0600) holding the Redis password for --storage=redis://...")
  java.nio.file.Path storagePasswordFile;

  @Option(names = "--external-scheduler", arity = "0..1", fallbackValue = EXTERNAL_FROM_FILE, paramLabel = "<host:port>",
      description = "Head only: hand placement decisions to an external scheduler service (the VU external "
          + "scheduler's protocol; jray external-scheduler is one). Without a value: 'ip port' from "
          + "EXTERNAL_SCHEDULER_CONFIG.txt in this folder if it is yours, else 127.0.0.1:44444. Off by default.")
  String externalScheduler;
  private static final String EXTERNAL_FROM_FILE = "from-config-file";

  @Option(names = "--node-ip-address", paramLabel = "<ip>",
      description = "The address other nodes reach this node at (default: the address this host uses to reach the head; 127.0.0.1 for a head).")
  String nodeIp;

  @Option(names = "--bind-all",
      description = "Listen on every interface instead of only --node-ip-address (for a node behind NAT, whose own address is not the one others reach).")
  boolean bindAll;

  @Option(names = "--num-cpus", paramLabel = "<n>", description = "CPUs this node offers (default: its cores).")
  Double numCpus;

  @Option(names = "--num-gpus", paramLabel = "<n>", description = "GPUs this node offers (default: 0).")
  Double numGpus;

  @Option(names = "--memory", paramLabel = "<bytes>", description = "Memory this node offers to tasks, e.g. 8GiB (default: available memory less the object store).")
  String memory;

  @Option(names = "--object-store-memory", paramLabel = "<bytes>",
      description = "Size of the object store, e.g. 2GiB (default: 30%% of RAM, at most the size of /dev/shm).")
  String objectStoreMemory;

  @Option(names = "--resources", paramLabel = "<json>", description = "Custom resources as JSON, e.g. '{\"accel\": 2}'.")
  String resources;

  @Option(names = "--labels", paramLabel = "<k=v,...>", description = "Node labels, e.g. zone=a,disk=ssd.")
  String labels;

  @Option(names = "--node-manager-port", defaultValue = "0", paramLabel = "<port>", description = "The raylet's port (default: any free port).")
  int nodeManagerPort;

  @Option(names = "--object-manager-port", defaultValue = "0", paramLabel = "<port>", description = "The object store's port (default: any free port).")
  int objectManagerPort;

  @Option(names = "--metrics-export-port", defaultValue = "0", paramLabel = "<port>",
      description = "The port of this node's raylet metrics (Prometheus; default: any free port). The GCS and the "
          + "object store export theirs on free ports; 'jray metrics prometheus-config' finds them all.")
  int metricsExportPort;

  @Option(names = "--include-dashboard", arity = "1", defaultValue = "true", paramLabel = "<true|false>",
      description = "Whether the head serves the dashboard and the job REST API (default: true).")
  boolean includeDashboard;

  @Option(names = "--dashboard-host", defaultValue = "127.0.0.1", paramLabel = "<ip>",
      description = "The address the dashboard listens on (default: 127.0.0.1; 0.0.0.0: every interface).")
  String dashboardHost;

  @Option(names = "--dashboard-port", paramLabel = "<port>",
      description = "The dashboard's port (default: 8265, or JRAY_DASHBOARD_PORT; 0: any free port).")
  Integer dashboardPort;

  @Option(names = "--logging-level", paramLabel = "<level>",
      description = "What this node's daemons and workers log: debug, info (default), warning, error or critical "
          + "(as Ray's; also JRAY_LOGGING_LEVEL).")
  String loggingLevel;

  @Option(names = "--block", description = "Stay in the foreground; if any daemon dies, stop the node and exit 1. Ctrl-C stops the node.")
  boolean block;

  @Mixin TempDirMixin tempDir;
  @Mixin VerboseMixin verbose;

  @Override
  public Integer call() throws Exception {
    NodeSpec nodeSpec = toSpec();
    AuthToken token = role.head ? AuthToken.findOrCreate() : AuthToken.find();
    if (token == null) {
      throw new CliException("No cluster token was found; set JRAY_AUTH_TOKEN or copy the head's "
          + AuthToken.tokenFile() + " to this machine.");
    }
    PrintWriter out = spec.commandLine().getOut();
    NodeLauncher.StartedNode node;
    try (Progress progress = Progress.start(out, role.head ? "Starting the head node" : "Starting the node")) {
      node = launch(nodeSpec, token, progress);
      if (progress.isLive()) {
        progress.done("Started the node's daemons in " + progress.elapsed() + ".");
      }
    }
    printNextSteps(out, node);
    if (block) {
      return block(out, node);
    }
    return ExitCodes.OK;
  }

  private NodeSpec toSpec() {
    if (loggingLevel != null) {
      if (!List.of("debug", "info", "warning", "error", "critical").contains(loggingLevel.toLowerCase())) {
        throw usage("--logging-level must be debug, info, warning, error or critical, not '" + loggingLevel + "'");
      }
      // Daemons (and the raylet's workers) take this process's jray settings as -D flags.
      System.setProperty(JrayConfig.LOGGING_LEVEL.propertyName(), loggingLevel.toLowerCase());
    }
    // '!(x >= 0)' also refuses NaN, and infinity is no amount either.
    if (numCpus != null && (!(numCpus >= 0) || numCpus.isInfinite())) {
      throw usage("--num-cpus must be a number, 0 or more, not " + numCpus);
    }
    if (numGpus != null && (!(numGpus >= 0) || numGpus.isInfinite())) {
      throw usage("--num-gpus must be a number, 0 or more, not " + numGpus);
    }
    if (port <= 0 || port > 65535) {
      throw usage("--port must be between 1 and 65535, not " + port);
    }
    for (int p : new int[] {nodeManagerPort, objectManagerPort, metricsExportPort}) {
      if (p < 0 || p > 65535) {
        throw usage("a port must be between 0 and 65535, not " + p);
      }
    }
    if (!role.head && (storage != null || storagePasswordFile != null)) {
      throw usage("--storage and --storage-password-file are for the head (jray start --head); a joining node "
          + "keeps no tables");
    }
    String storageProblem = io.jray.gcs.storage.Storages.problem(storage);
    if (storageProblem != null) {
      throw usage(storageProblem.endsWith(".") ? storageProblem.substring(0, storageProblem.length() - 1)
          : storageProblem);
    }
    HostPort gcs = null;
    if (!role.head) {
      String a = role.address.contains(":") ? role.address : role.address + ":" + NodeSpec.DEFAULT_PORT;
      try {
        gcs = HostPort.parse(a);
      } catch (IllegalArgumentException e) {
        throw usage("--address " + e.getMessage());
      }
    }
    if (externalScheduler != null) {
      externalScheduler();
    }
    return new NodeSpec(role.head, gcs, port, nodeIp, numCpus, numGpus, size("--memory", memory),
        size("--object-store-memory", objectStoreMemory), parseResources(), parseLabels(), tempDir.get(),
        nodeManagerPort, objectManagerPort, block ? ProcessHandle.current().pid() : -1, bindAll, storage,
        storagePasswordFile, metricsExportPort);
  }

  /** Starts the node; the external_scheduler setting this command set reached its GCS and is dropped again. */
  private NodeLauncher.StartedNode launch(NodeSpec nodeSpec, AuthToken token, Progress progress)
      throws io.jray.node.NodeStartException {
    try {
      return new NodeLauncher(progress::step, dashboard()).start(nodeSpec, token);
    } finally {
      if (schedulerBefore != null) {
        // Inside 'jray shell' the next start must not inherit it.
        if (schedulerBefore.isEmpty()) {
          System.clearProperty(JrayConfig.EXTERNAL_SCHEDULER.propertyName());
        } else {
          System.setProperty(JrayConfig.EXTERNAL_SCHEDULER.propertyName(), schedulerBefore);
        }
        schedulerBefore = null;
      }
    }
  }

  /** The setting as it was before this command set it ("" for unset), or null when it did not. */
  private String schedulerBefore;

  /** The GCS (a daemon of this node) takes the address as the external_scheduler setting. */
  private void externalScheduler() {
    if (!role.head) {
      throw usage("--external-scheduler is for the head (jray start --head), whose GCS alone talks to it");
    }
    try {
      HostPort at = io.jray.scheduling.external.ExternalSchedulerAddress.resolve(
          externalScheduler.equals(EXTERNAL_FROM_FILE) ? null : externalScheduler, java.nio.file.Path.of(""));
      String before = System.setProperty(JrayConfig.EXTERNAL_SCHEDULER.propertyName(), at.toString());
      schedulerBefore = before == null ? "" : before;
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  /** Where the head serves its dashboard; null for no dashboard (or a joining node). */
  private NodeLauncher.DashboardOptions dashboard() {
    int port = dashboardPort != null ? dashboardPort : JrayConfig.DASHBOARD_PORT.get();
    if (port < 0 || port > 65535) {
      throw usage("--dashboard-port must be between 0 and 65535, not " + port);
    }
    return role.head && includeDashboard ? new NodeLauncher.DashboardOptions(dashboardHost, port) : null;
  }

  private Long size(String option, String value) {
    if (value == null) {
      return null;
    }
    try {
      return ByteSize.parse(value);
    } catch (IllegalArgumentException e) {
      throw usage(option + ": " + e.getMessage());
    }
  }

  private Map<String, Double> parseResources() {
    if (resources == null || resources.isBlank()) {
      return Map.of();
    }
    Map<String, Double> parsed;
    try {
      parsed = new Gson().fromJson(resources, RESOURCES);
    } catch (JsonParseException e) {
      throw usage("--resources is not valid JSON of the form '{\"name\": 2}': " + resources);
    }
    if (parsed == null) {
      return Map.of();
    }
    for (Map.Entry<String, Double> r : parsed.entrySet()) {
      if (List.of("CPU", "GPU", "memory", "object_store_memory").contains(r.getKey())) {
        throw usage("--resources cannot set " + r.getKey() + "; use its own option (e.g. --num-cpus)");
      }
      if (r.getValue() == null || r.getValue() < 0) {
        throw usage("--resources: the quantity of " + r.getKey() + " must be 0 or more");
      }
    }
    return parsed;
  }

  private Map<String, String> parseLabels() {
    Map<String, String> parsed = new LinkedHashMap<>();
    if (labels == null || labels.isBlank()) {
      return parsed;
    }
    for (String pair : labels.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw usage("--labels must be of the form key=value,key2=value2, not '" + labels + "'");
      }
      parsed.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return parsed;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private void printNextSteps(PrintWriter out, NodeLauncher.StartedNode node) {
    boolean defaultTemp = tempDir.tempDir == null;
    String tempOption = defaultTemp ? "" : " --temp-dir=" + tempDir.get();
    out.println();
    out.println("Local node IP: " + node.nodeFile().nodeIp());
    out.println("Node id: " + node.nodeFile().nodeId());
    out.println();
    out.println("--------------------");
    out.println("jray runtime started.");
    out.println("--------------------");
    out.println();
    out.println("Next steps");
    if (role.head) {
      out.println("  To add another node to this jray cluster, run");
      out.println("    jray start --address='" + node.gcsAddress() + "'");
      out.println();
      out.println("  To connect to this cluster from a Java program, put 'jray classpath' on its classpath and call");
      out.println("    Ray.init(\"auto\");");
      if (!defaultTemp) {
        out.println("  with JRAY_TMPDIR=" + tempDir.get() + " in its environment (where it finds this cluster).");
      }
      out.println();
    }
    out.println("  To see the status of the cluster, use");
    // A head's status finds the address file in its temp dir; any other node names the head.
    out.println("    jray status" + (role.head ? tempOption : " --address='" + node.gcsAddress() + "'"));
    out.println();
    out.println("  To terminate the jray processes of this node, run");
    out.println("    jray stop" + tempOption);
    out.println();
    if (node.dashboardUrl() != null) {
      out.println("  Dashboard (log in with the cluster token): " + node.dashboardUrl());
    }
    out.println("  Logs: " + node.layout().logsDir());
    out.flush();
  }

  /**
   * Foreground mode: stop the node on Ctrl-C/SIGTERM (exit 0); if a daemon dies, stop the rest (exit 1). The
   * signal handler only hands the signal to this (main) thread, which does the stopping: a stop run from the
   * handler would race this loop, which would see the daemons it ends as dying.
   */
  private int block(PrintWriter out, NodeLauncher.StartedNode node) throws IOException, InterruptedException {
    BlockingQueue<String> signals = new LinkedBlockingQueue<>();
    for (String signal : List.of("INT", "TERM")) {
      Signal.handle(new Signal(signal), s -> signals.offer(signal));
    }
    out.println("--block: watching this node's processes; Ctrl-C stops the node.");
    out.flush();
    long graceMs = JrayConfig.STOP_GRACE_PERIOD_S.get() * 1000L;
    long periodMs = JrayConfig.PROCESS_WATCH_PERIOD_MS.get();
    while (true) {
      String signal = signals.poll(periodMs, TimeUnit.MILLISECONDS);
      // Read each time: the reaper may have restarted the GCS (durable storage) under a new pid.
      List<io.jray.node.NodeFile.Daemon> listed = currentDaemons(node);
      for (int i = 0; signal == null && i < listed.size(); i++) {
        if (!new ProcessRecord(listed.get(i).pid(), listed.get(i).startTicks()).isAlive()) {
          // Ctrl-C reaches the daemons too (same process group): a death right then is the stop, not a crash.
          signal = signals.poll(periodMs, TimeUnit.MILLISECONDS);
          boolean restartedByReaper = listed.get(i).daemonKind() == io.jray.node.DaemonKind.GCS && role.head
              && io.jray.gcs.storage.Storages.durable(storage);
          if (signal == null && !restartedByReaper && currentDaemons(node).contains(listed.get(i))) {
            var dead = listed.get(i);
            NodeStopper.stopNode(node.nodeFilePath(), tempDir.get(), false, graceMs);
            throw new CliException("The " + dead.daemonKind().displayName() + " (pid " + dead.pid()
                + ") died, so the rest of the node was stopped; see " + node.layout().logsDir() + ".");
          }
        }
      }
      if (signal != null) {
        out.println("Stopping the node (SIG" + signal + ").");
        out.flush();
        NodeStopper.stopNode(node.nodeFilePath(), tempDir.get(), false, graceMs);
        return ExitCodes.OK;
      }
    }
  }

  private static List<io.jray.node.NodeFile.Daemon> currentDaemons(NodeLauncher.StartedNode node) {
    try {
      return io.jray.node.NodeFile.read(node.nodeFilePath()).processes();
    } catch (IOException | RuntimeException e) {
      return node.nodeFile().processes();
    }
  }
}
