package io.jray.node;

import com.google.gson.Gson;
import io.grpc.ManagedChannel;
import io.jray.gcs.storage.ClusterIdentity;
import io.jray.gcs.storage.StorageException;
import io.jray.gcs.storage.Storages;
import io.jray.gcs.storage.TableStorage;
import io.jray.objectstore.SharedMemoryDir;
import io.jray.runtime.cluster.ClusterAddress;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.files.NotPrivateException;
import io.jray.runtime.files.PrivateFiles;
import io.jray.runtime.process.ProcessRecord;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HealthProbe;
import io.jray.runtime.rpc.HostPort;
import io.jray.runtime.rpc.RpcChannels;
import io.jray.runtime.rpc.RpcServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Starts the processes of one node (ARCHITECTURE.md section 4, "start"): checks first (ports free, no live
 * cluster at the address, the head reachable and accepting our token), then spawns reaper, GCS (head only),
 * object store and raylet, waits until each answers its health check, and writes the node file and, for a
 * head, the address file. On any failure it ends what it started and throws one sentence.
 */
public final class NodeLauncher {
  private static final Gson GSON = new Gson();
  private static final DateTimeFormatter SESSION_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss_SSSSSS");

  private final Consumer<String> progress;
  private final DashboardOptions dashboard;

  /** @param progress receives one short line per step ("Started the GCS on port 6379.") */
  public NodeLauncher(Consumer<String> progress) {
    this(progress, null);
  }

  /** @param dashboard where a head serves its dashboard; null: it serves none */
  public NodeLauncher(Consumer<String> progress, DashboardOptions dashboard) {
    this.progress = progress;
    this.dashboard = dashboard;
  }

  /** Where a head serves its dashboard and job REST API: {@code port} 0 takes any free port. */
  public record DashboardOptions(String host, int port) {}

  /**
   * What a started node is: its node file and where it lives; {@code dashboardUrl} is null when it serves no
   * dashboard.
   */
  public record StartedNode(NodeFile nodeFile, Path nodeFilePath, SessionLayout layout, HostPort gcsAddress,
      String dashboardUrl) {}

  public StartedNode start(NodeSpec spec, AuthToken token) throws NodeStartException {
    String nodeIp;
    HostPort gcs;
    if (spec.head()) {
      nodeIp = spec.nodeIp() != null ? spec.nodeIp() : "127.0.0.1";
      gcs = new HostPort(nodeIp, spec.port());
      if (!portIsFree(spec.port())) {
        // Taken: by a live jray head (say so), or by anything else (name the port).
        refuseLiveCluster(gcs, token);
        requireFreePort(spec.port(), "--port");
      }
    } else {
      gcs = spec.gcsAddress();
      awaitGcs(gcs, token);
      nodeIp = spec.nodeIp() != null ? spec.nodeIp() : localAddressTowards(gcs);
    }
    if (spec.head()) {
      checkStorage(spec, token);
      checkExternalScheduler();
    }
    requireFreePort(spec.nodeManagerPort(), "--node-manager-port");
    requireFreePort(spec.objectManagerPort(), "--object-manager-port");
    requireFreePort(spec.metricsExportPort(), "--metrics-export-port");
    boolean serveDashboard = spec.head() && dashboard != null;
    if (serveDashboard) {
      // Ray's dashboard fails silently when its port is taken; here the start does, before anything runs.
      requireFreePort(dashboard.port(), "--dashboard-port");
    }

    String nodeId = HexFormat.of().formatHex(randomBytes(28));
    SessionLayout layout = createSession(spec.tempDir());
    long objectStoreBytes = HostResources.objectStoreBytes(spec);
    Map<String, Double> resources = HostResources.of(spec, objectStoreBytes);
    Path shmDir = SharedMemoryDir.pathFor(layout.sessionName(), nodeId);
    Path nodeFilePath = layout.nodeFile(nodeId);

    // Listeners bind the node's address, not every interface, unless asked (--bind-all).
    String bindHost = spec.bindAll() ? RpcServers.ALL_INTERFACES : nodeIp;
    String probeHost = spec.bindAll() ? RpcServers.LOOPBACK : nodeIp;
    List<DaemonProcess> started = new ArrayList<>();
    String dashboardUrl = null;
    long deadline = System.currentTimeMillis() + JrayConfig.DAEMON_START_TIMEOUT_MS.get();
    try {
      ProcessRecord launcher = ProcessRecord.self();
      Map<String, String> reaperArgs = new LinkedHashMap<>();
      reaperArgs.put("node-file", nodeFilePath.toString());
      reaperArgs.put("bind-host", bindHost);
      reaperArgs.put("launcher-pid", Long.toString(launcher.pid()));
      reaperArgs.put("launcher-start", Long.toString(launcher.startTicks()));
      if (spec.head() && Storages.durable(spec.storage())) {
        reaperArgs.put("restart-gcs", "true");
      }
      if (spec.ownerPid() > 0) {
        ProcessRecord owner = ProcessRecord.of(spec.ownerPid())
            .orElseThrow(() -> new NodeStartException("The owner process " + spec.ownerPid() + " is not running."));
        reaperArgs.put("owner-pid", Long.toString(owner.pid()));
        reaperArgs.put("owner-start", Long.toString(owner.startTicks()));
      }
      DaemonProcess reaper = spawn(started, DaemonKind.REAPER, layout, token, reaperArgs);
      Map<String, Integer> ports = new LinkedHashMap<>();
      ports.put("reaper", reaper.awaitReady(probeHost, token, deadline));
      progress.accept("Started the reaper (pid " + reaper.record().pid() + ").");

      Map<String, String> watched = Map.of(
          "reaper-pid", Long.toString(reaper.record().pid()),
          "reaper-start", Long.toString(reaper.record().startTicks()),
          "bind-host", bindHost);
      DaemonProcess gcsDaemon = null;
      if (spec.head()) {
        Map<String, String> gcsArgs = new LinkedHashMap<>(watched);
        gcsArgs.put("port", Integer.toString(spec.port()));
        gcsArgs.put("session", layout.sessionName());
        gcsArgs.put("session-dir", layout.sessionDir().toString());
        gcsArgs.put("address", gcs.toString());
        gcsArgs.put("storage", spec.storage());
        gcsArgs.put("metrics-port", "0");
        if (serveDashboard) {
          gcsArgs.put("dashboard-host", dashboard.host());
          gcsArgs.put("dashboard-port", Integer.toString(dashboard.port()));
          gcsArgs.put("node-ip", nodeIp);
        }
        if (spec.storagePasswordFile() != null) {
          gcsArgs.put("storage-password-file", spec.storagePasswordFile().toAbsolutePath().toString());
        }
        gcsDaemon = spawn(started, DaemonKind.GCS, layout, token, gcsArgs);
      }
      Map<String, String> storeArgs = new LinkedHashMap<>(watched);
      storeArgs.put("port", Integer.toString(spec.objectManagerPort()));
      storeArgs.put("shm-dir", shmDir.toString());
      storeArgs.put("capacity-bytes", Long.toString(objectStoreBytes));
      storeArgs.put("spill-dir", layout.spillDir().toString());
      storeArgs.put("metrics-port", "0");
      DaemonProcess store = spawn(started, DaemonKind.OBJECT_STORE, layout, token, storeArgs);
      List<String> metricsTargets = new ArrayList<>();
      if (gcsDaemon != null) {
        ports.put("gcs", gcsDaemon.awaitReady(probeHost, token, deadline));
        metricsTargets.add(nodeIp + ":" + metricsPort(layout, DaemonKind.GCS, ports, "gcs_metrics"));
        progress.accept("Started the GCS on port " + spec.port() + " (pid " + gcsDaemon.record().pid() + ").");
        if (serveDashboard) {
          int port = Integer.parseInt(java.nio.file.Files.readString(
              DaemonHost.portFileBeside(layout.portFile(DaemonKind.GCS), "dashboard")).trim());
          ports.put("dashboard", port);
          dashboardUrl = io.jray.gcs.dashboard.DashboardServer.url(io.jray.runtime.rpc.ClusterTls.enabled(),
              dashboard.host(), nodeIp, port);
          progress.accept("Started the dashboard at " + dashboardUrl + ".");
        }
      }
      int storePort = store.awaitReady(probeHost, token, deadline);
      ports.put("object_store", storePort);
      metricsTargets.add(nodeIp + ":" + metricsPort(layout, DaemonKind.OBJECT_STORE, ports, "object_store_metrics"));
      progress.accept("Started the object store on port " + storePort + " (pid " + store.record().pid() + ").");

      Map<String, String> rayletArgs = new LinkedHashMap<>(watched);
      rayletArgs.put("port", Integer.toString(spec.nodeManagerPort()));
      rayletArgs.put("node-id", nodeId);
      rayletArgs.put("node-ip", nodeIp);
      rayletArgs.put("gcs-address", gcs.toString());
      rayletArgs.put("object-store-port", Integer.toString(storePort));
      rayletArgs.put("resources", GSON.toJson(resources));
      rayletArgs.put("labels", GSON.toJson(spec.labels()));
      rayletArgs.put("head", Boolean.toString(spec.head()));
      rayletArgs.put("session-dir", layout.sessionDir().toString());
      rayletArgs.put("metrics-port", Integer.toString(spec.metricsExportPort()));
      rayletArgs.put("metrics-targets", String.join(",", metricsTargets));
      DaemonProcess raylet = spawn(started, DaemonKind.RAYLET, layout, token, rayletArgs);
      ports.put("raylet", raylet.awaitReady(probeHost, token, deadline));
      metricsPort(layout, DaemonKind.RAYLET, ports, "raylet_metrics");
      progress.accept("Started the raylet on port " + ports.get("raylet") + " (pid " + raylet.record().pid() + ").");

      NodeFile nodeFile = new NodeFile(nodeId, spec.head(), nodeIp, gcs.toString(), layout.sessionDir().toString(),
          shmDir.toString(), ports, started.stream().map(DaemonProcess::describe).toList());
      nodeFile.write(nodeFilePath);
      if (spec.head()) {
        ClusterAddress.write(spec.tempDir(), gcs);
      }
      return new StartedNode(nodeFile, nodeFilePath, layout, gcs, dashboardUrl);
    } catch (NodeStartException | IOException | RuntimeException e) {
      ProcessKiller.terminate(started.stream().map(DaemonProcess::record).toList(), 0);
      SharedMemoryDir.deleteIfOurs(shmDir);
      if (e instanceof NodeStartException nse) {
        throw nse;
      }
      throw new NodeStartException("The node could not start: " + e.getMessage() + ".", e);
    }
  }

  /** The metrics port a ready daemon published, recorded in the node's ports as {@code name}. */
  private static int metricsPort(SessionLayout layout, DaemonKind kind, Map<String, Integer> ports, String name)
      throws IOException {
    int port = Integer.parseInt(java.nio.file.Files.readString(DaemonHost.metricsPortFile(layout.portFile(kind)))
        .trim());
    ports.put(name, port);
    return port;
  }

  private static DaemonProcess spawn(List<DaemonProcess> started, DaemonKind kind, SessionLayout layout,
      AuthToken token, Map<String, String> args) throws IOException {
    DaemonProcess daemon = DaemonProcess.spawn(kind, layout, token, args);
    started.add(daemon);
    return daemon;
  }

  /**
   * Opens the head's storage once before anything starts, so that an unknown form, an unusable folder, a Redis that
   * does not answer or another cluster's storage is one sentence now, not a GCS that dies during start-up.
   */
  private static void checkStorage(NodeSpec spec, AuthToken token) throws NodeStartException {
    try (TableStorage storage = Storages.open(spec.storage(), spec.storagePasswordFile())) {
      ClusterIdentity.check(storage, storage.load(), token);
    } catch (StorageException e) {
      throw new NodeStartException(e.getMessage(), e);
    }
  }

  /** A head told to hand placements to an external scheduler starts only if one listens there now. */
  private static void checkExternalScheduler() throws NodeStartException {
    String address = JrayConfig.EXTERNAL_SCHEDULER.get().trim();
    if (address.isEmpty()) {
      return;
    }
    HostPort at;
    try {
      at = HostPort.parse(address);
    } catch (IllegalArgumentException e) {
      throw new NodeStartException("The external_scheduler setting must be host:port, not '" + address + "'.");
    }
    Optional<String> problem = io.jray.scheduling.external.ExternalSchedulerAddress.unreachable(at,
        (int) (long) JrayConfig.EXTERNAL_SCHEDULER_TIMEOUT_MS.get() * 4);
    if (problem.isPresent()) {
      throw new NodeStartException("No external scheduler answers at " + at + " (" + problem.get() + "); start one "
          + "(jray external-scheduler) or leave out --external-scheduler.");
    }
  }

  /** A second head at a live address would split the cluster: refuse, and say how to stop the first. */
  private static void refuseLiveCluster(HostPort gcs, AuthToken token) throws NodeStartException {
    ManagedChannel channel = RpcChannels.open(gcs);
    try {
      HealthProbe.Result result = HealthProbe.check(channel, token, 5000);
      if (result == HealthProbe.Result.SERVING || result == HealthProbe.Result.UNAUTHENTICATED) {
        throw new NodeStartException("A jray cluster is already running at " + gcs
            + "; stop it with 'jray stop' (and the --temp-dir it was started with, if any) or start this head with "
            + "another --port.");
      }
    } finally {
      RpcChannels.close(channel);
    }
  }

  /** Fails before anything starts when a port the user asked for is taken (0 means any port). */
  static void requireFreePort(int port, String option) throws NodeStartException {
    if (!portIsFree(port)) {
      throw new NodeStartException("Port " + port + " (" + option + ") is already in use by another process; "
          + "stop that process or choose another port with " + option + ".");
    }
  }

  private static boolean portIsFree(int port) {
    if (port == 0) {
      return true;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits up to gcs_connect_timeout_ms for the head to answer; a wrong token fails at once. */
  private static void awaitGcs(HostPort gcs, AuthToken token) throws NodeStartException {
    long timeout = JrayConfig.GCS_CONNECT_TIMEOUT_MS.get();
    long deadline = System.currentTimeMillis() + timeout;
    ManagedChannel channel = RpcChannels.open(gcs);
    try {
      while (true) {
        // Each probe may use all the time left: a head on a loaded machine can be slow to answer its first call.
        long left = Math.max(1000, deadline - System.currentTimeMillis());
        HealthProbe.Probe probe = HealthProbe.probe(channel, token, left, gcs);
        switch (probe.result()) {
          case SERVING:
            return;
          case UNAUTHENTICATED:
            throw new NodeStartException(AuthToken.rejectedBy(gcs, "this node's"));
          case TLS_MISMATCH:
            throw new NodeStartException(probe.problem());
          default:
            if (System.currentTimeMillis() > deadline) {
              throw new NodeStartException("No jray cluster answered at " + gcs + " within " + timeout / 1000
                  + " s; check the address and that the head is running ('jray status --address=" + gcs + "').");
            }
            Thread.sleep(200);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NodeStartException("Interrupted while waiting for the cluster at " + gcs + ".");
    } finally {
      RpcChannels.close(channel);
    }
  }

  /** The address this host uses to reach the head: what the head and other nodes can reach it at. */
  private static String localAddressTowards(HostPort gcs) throws NodeStartException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(gcs.host(), gcs.port()), 5000);
      return socket.getLocalAddress().getHostAddress();
    } catch (IOException e) {
      throw new NodeStartException("Cannot connect to the head at " + gcs + ": " + e.getMessage() + ".");
    }
  }

  private static SessionLayout createSession(Path tempDir) throws NodeStartException {
    String name = SessionLayout.SESSION_PREFIX + LocalDateTime.now().format(SESSION_TIME) + "_"
        + ProcessHandle.current().pid();
    SessionLayout layout = new SessionLayout(tempDir, tempDir.resolve(name));
    try {
      // The logs carry every job's arguments and output: every folder 0700, made new (never adopted).
      ClusterAddress.ensureTempDir(tempDir);
      PrivateFiles.createPrivateDir(layout.sessionDir());
      PrivateFiles.createPrivateDir(layout.logsDir());
      PrivateFiles.createPrivateDir(layout.portsDir());
      PrivateFiles.createPrivateDir(layout.spillDir());
      PrivateFiles.replaceSymlink(tempDir.resolve(SessionLayout.SESSION_LATEST), Path.of(name));
    } catch (NotPrivateException e) {
      throw new NodeStartException(e.getMessage(), e);
    } catch (IOException e) {
      throw new NodeStartException("Cannot create the session folder under " + tempDir + " (" + e.getMessage()
          + "); choose a writable --temp-dir.");
    }
    return layout;
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
