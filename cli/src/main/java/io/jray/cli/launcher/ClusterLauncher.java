package io.jray.cli.launcher;

import io.jray.runtime.process.DaemonThreads;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonParseException;
import io.jray.cli.CliException;
import io.jray.cli.ExitCodes;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.ClusterTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Brings the hosts of a cluster to what its file says ({@code jray up}) and stops them ({@code jray down}).
 *
 * <p>{@code up} works in three steps. The head: left alone when its GCS answers and its configuration is the one
 * recorded, else (re)started, which makes every worker start again too. Then the hosts the state records but the
 * file no longer has (a removed pool) are stopped. Then every worker host that is not running with its recorded
 * configuration is started, all pools in parallel. Starting a host means: copy the cluster token (mode 0600, over
 * stdin), copy the file mounts, run the setup commands, stop any jray left there, and run the start commands
 * detached from the SSH session. The state file is updated after each host, so a run cut short still leaves a true
 * record. Errors of single hosts are collected and reported together, each naming its host.
 *
 * <p>Called from the command's thread; host jobs run on a pool of threads, one per host.
 */
final class ClusterLauncher {
  private static final int MAX_PARALLEL_HOSTS = 16;
  private static final int OUTPUT_TAIL_LINES = 15;
  /** The exit status of a shell that did not find the command. */
  private static final int COMMAND_NOT_FOUND = 127;

  private final ClusterConfig config;
  private final boolean acceptNewHostKeys;
  private final Progress progress;
  /** The distribution {@code install: auto} brings to each host; empty for {@code none} or a CLI without one. */
  private final java.util.Optional<DistributionInstall> install;

  /** What {@code up} or {@code down} did, host by host. */
  record Outcome(String headAddress, int started, int stopped, int unchanged) {}

  /** A host that failed ("10.0.0.6 (pool cpu)") and why, without a final period. */
  private record Failure(String host, String why) {}

  /** Work on one host of a pool (or the head): its progress lines carry the label "cpu 10.0.0.6". */
  private record HostJob(String pool, String host, Runnable work) {
    String label() {
      return pool + " " + host;
    }

    /** How an error names the host: "10.0.0.6 (pool cpu)". */
    String named() {
      return host + " (" + (pool.equals("head") ? "the head" : "pool " + pool) + ")";
    }
  }

  ClusterLauncher(ClusterConfig config, boolean acceptNewHostKeys, Progress progress) {
    this.config = config;
    this.acceptNewHostKeys = acceptNewHostKeys;
    this.progress = progress;
    this.install = config.install() == ClusterConfig.Install.AUTO ? DistributionInstall.ofThisCli()
        : java.util.Optional.empty();
  }

  Outcome up(boolean noRestart, AuthToken token) {
    for (Map.Entry<String, Path> mount : config.fileMounts().entrySet()) {
      if (!Files.exists(mount.getValue())) {
        throw new CliException("The file mount " + mount.getKey() + " copies " + mount.getValue()
            + ", which does not exist here.");
      }
    }
    ClusterState state = ClusterState.load(config);
    ClusterPlan plan = ClusterPlan.of(config, state);
    Map<String, ClusterState.Worker> before = state.workers();
    ClusterState.Head recorded = state.head();
    int stopped = 0;
    if (recorded != null && !recorded.host().equals(plan.head())) {
      progress.line("The head moved from " + recorded.host() + " to " + plan.head() + ": stopping the old cluster first.");
      stopped += stopAll(state, before, recorded.host());
      recorded = null;
      before = Map.of();
    }

    String headLabel = "head " + plan.head();
    String headFingerprint = ClusterPlan.headFingerprint(config);
    String address;
    Set<String> alive;
    int started = 0;
    int unchanged = 0;
    try (SshSession head = connect(plan.head(), headLabel)) {
      alive = recorded == null ? null : aliveNodeIps(head, recorded.address());
      boolean changed = recorded != null && !recorded.fingerprint().equals(headFingerprint);
      if (alive != null && (!changed || noRestart)) {
        address = recorded.address();
        unchanged++;
        progress.host(headLabel, "jray is running (GCS " + address + ")"
            + (changed ? "; its configuration changed, but --no-restart keeps it" : "; left alone") + ".");
      } else {
        progress.host(headLabel, alive != null ? "Its configuration changed: restarting jray (the workers restart too)."
            : "Starting the head.");
        address = startHead(head, headLabel, token);
        state.headStarted(new ClusterState.Head(plan.head(), address, headFingerprint));
        alive = Set.of();
        started++;
        progress.host(headLabel, "Head started; its GCS is at " + address + ".");
      }
    }

    List<HostJob> stops = new ArrayList<>();
    for (Map.Entry<String, ClusterState.Worker> w : before.entrySet()) {
      String host = w.getKey();
      if (!plan.workers().containsKey(host)) {
        String pool = w.getValue().pool();
        String why = config.workerPools().containsKey(pool) ? "it is no longer in pool '" + pool + "'"
            : "pool '" + pool + "' was removed from the file";
        stops.add(new HostJob(pool, host, () -> {
          stopHost(host, pool + " " + host, "Stopped jray (" + why + ").");
          state.workerStopped(host);
        }));
      }
    }
    List<Failure> failures = new ArrayList<>(runInParallel(stops));
    stopped += stops.size() - failures.size();

    List<HostJob> starts = new ArrayList<>();
    for (Map.Entry<String, String> w : plan.workers().entrySet()) {
      String host = w.getKey();
      String pool = w.getValue();
      String label = pool + " " + host;
      String fingerprint = ClusterPlan.workerFingerprint(config, pool, address);
      ClusterState.Worker was = state.workers().get(host);
      boolean running = was != null && was.pool().equals(pool) && isAlive(host, alive);
      boolean changed = was != null && !was.fingerprint().equals(fingerprint);
      if (running && (!changed || noRestart)) {
        unchanged++;
        progress.host(label, "jray is running" + (changed ? "; its configuration changed, but --no-restart keeps it"
            : "; left alone") + ".");
        continue;
      }
      String headAddress = address;
      starts.add(new HostJob(pool, host, () -> {
        progress.host(label, running ? "Its configuration changed: restarting jray." : "Starting a worker.");
        startWorker(host, pool, label, headAddress, token);
        state.workerStarted(host, new ClusterState.Worker(pool, fingerprint));
        progress.host(label, "Started jray; it joined " + headAddress + ".");
      }));
    }
    List<Failure> startFailures = runInParallel(starts);
    started += starts.size() - startFailures.size();
    failures.addAll(startFailures);
    if (!failures.isEmpty()) {
      throw new CliException(hostsFailed(failures) + "; the other hosts are as the file says, so run 'jray up' "
          + "again once that is fixed.");
    }
    return new Outcome(address, started, stopped, unchanged);
  }

  /**
   * Stops jray on the workers and, unless {@code workersOnly}, on the head; the state file goes with the head. The
   * hosts are those the state records as started (a host of the file that never started is not contacted); with
   * no state (it was lost, or 'up' ran elsewhere) every host the file gives the cluster.
   */
  Outcome down(boolean workersOnly) {
    ClusterState state = ClusterState.load(config);
    Map<String, ClusterState.Worker> workers = new LinkedHashMap<>(state.workers());
    String head = state.head() == null ? null : state.head().host();
    if (state.isEmpty()) {
      ClusterPlan plan = ClusterPlan.of(config, state);
      plan.workers().forEach((host, pool) -> workers.put(host, new ClusterState.Worker(pool, "")));
      head = plan.head();
    }
    int stopped = stopAll(state, workers, workersOnly ? null : head);
    if (!workersOnly) {
      state.headStopped();
    }
    return new Outcome(null, 0, stopped, 0);
  }

  /** Stops the given workers in parallel, then the head (when not null); throws naming every host that failed. */
  private int stopAll(ClusterState state, Map<String, ClusterState.Worker> workers, String head) {
    List<HostJob> jobs = new ArrayList<>();
    workers.forEach((host, worker) -> jobs.add(new HostJob(worker.pool(), host, () -> {
      stopHost(host, worker.pool() + " " + host, "Stopped jray.");
      state.workerStopped(host);
    })));
    List<Failure> failures = runInParallel(jobs);
    if (head != null) {
      try {
        stopHost(head, "head " + head, "Stopped jray.");
      } catch (CliException e) {
        failures.add(new Failure(new HostJob("head", head, null).named(), withoutPeriod(e.getMessage())));
      }
    }
    if (!failures.isEmpty()) {
      throw new CliException(hostsFailed(failures) + "; the other hosts are stopped.");
    }
    return jobs.size() + (head != null ? 1 : 0);
  }

  private void stopHost(String host, String label, String done) {
    try (SshSession ssh = connect(host, label)) {
      stopJray(ssh, label);
      progress.host(label, done);
    }
  }

  private SshSession connect(String host, String label) {
    SshSession ssh = SshSession.open(host, config, acceptNewHostKeys);
    String added = ssh.addedHostKey();
    if (added != null) {
      progress.host(label, "Added its SSH host key (" + added + ") to " + config.auth().knownHosts() + ".");
    }
    return ssh;
  }

  private String startHead(SshSession ssh, String label, AuthToken token) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("JRAY_CLUSTER_NAME", config.clusterName());
    env.put("JRAY_HEAD_IP", ssh.host());
    env.put("JRAY_NODE_IP", ssh.host());
    env.putAll(RemoteCommands.clusterEnvironment());
    prepare(ssh, label, token, env);
    stopJray(ssh, label);
    SshSession.Result started = ssh.run(RemoteCommands.detachedStart(env, config.headStartCommands()));
    if (!started.ok()) {
      throw failedCommand(label, "the head start commands", started);
    }
    String address = RemoteCommands.headAddress(started.output());
    if (address == null) {
      SshSession.Result file = ssh.run(RemoteCommands.readAddressFile());
      address = file.ok() && file.output().strip().matches("[^\\s:]+:\\d+") ? file.output().strip() : null;
    }
    if (address == null) {
      progress.output(label, started.tail(OUTPUT_TAIL_LINES));
      throw new CliException("The head " + ssh.host() + " started, but neither its start output nor its address "
          + "file names the GCS address; keep the default temp dir or let 'jray start' print its next steps.");
    }
    return address;
  }

  private void startWorker(String host, String pool, String label, String headAddress, AuthToken token) {
    try (SshSession ssh = connect(host, label)) {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("JRAY_CLUSTER_NAME", config.clusterName());
      env.put("JRAY_HEAD_IP", config.provider().headIp());
      env.put("JRAY_HEAD_ADDRESS", headAddress);
      env.put("JRAY_NODE_IP", host);
      env.put("JRAY_POOL", pool);
      env.putAll(RemoteCommands.clusterEnvironment());
      prepare(ssh, label, token, env);
      stopJray(ssh, label);
      List<String> commands = RemoteCommands.withOptions(config.workerStartCommands(),
          config.workerPools().get(pool).jrayStartOptions());
      SshSession.Result started = ssh.run(RemoteCommands.detachedStart(env, commands));
      if (!started.ok()) {
        throw failedCommand(label, "the worker start commands", started);
      }
    }
  }

  /** The token, the file mounts, the setup commands and jray itself: what a host needs before jray starts there. */
  private void prepare(SshSession ssh, String label, AuthToken token, Map<String, String> env) {
    SshSession.Result written = ssh.run(RemoteCommands.writeTokenFromStdin(),
        (token.value() + "\n").getBytes(StandardCharsets.UTF_8));
    if (!written.ok()) {
      throw failedCommand(label, "writing the cluster token", written);
    }
    if (ClusterTls.enabled()) {
      copyTlsFiles(ssh, label);
    }
    if (!config.fileMounts().isEmpty()) {
      FileSync.Counts counts = new FileSync.Counts(0, 0);
      for (Map.Entry<String, Path> mount : config.fileMounts().entrySet()) {
        counts = counts.plus(FileSync.upload(ssh, mount.getValue(), mount.getKey()));
      }
      progress.host(label, "File mounts: " + counts + ".");
    }
    if (!config.setupCommands().isEmpty()) {
      int n = config.setupCommands().size();
      progress.host(label, "Running " + n + " setup command" + (n == 1 ? "" : "s") + ".");
      SshSession.Result setup = ssh.run(RemoteCommands.setup(env, config.setupCommands()));
      if (!setup.ok()) {
        throw failedCommand(label, "a setup command", setup);
      }
    }
    // After the setup commands, which may be what installs Java.
    install.ifPresent(d -> d.ensure(ssh, label, progress));
  }

  /** The node certificate, its key and the CA certificate, as the token travels; never the CA's key. */
  private void copyTlsFiles(SshSession ssh, String label) {
    ClusterTls.TlsFiles files = ClusterTls.files();
    Map<String, Path> copies = new LinkedHashMap<>();
    copies.put("ca.crt", files.caCert());
    copies.put("server.crt", files.serverCert());
    copies.put("server.key", files.serverKey());
    for (Map.Entry<String, Path> copy : copies.entrySet()) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(copy.getValue());
      } catch (IOException e) {
        throw new CliException("TLS is on (JRAY_USE_TLS) but " + copy.getValue() + " cannot be read; run 'jray tls "
            + "init' or set the JRAY_TLS_* variables to the cluster's files.", ExitCodes.FAILED, e);
      }
      SshSession.Result written = ssh.run(RemoteCommands.writeTlsFileFromStdin(copy.getKey()), bytes);
      if (!written.ok()) {
        throw failedCommand(label, "writing the TLS file " + copy.getKey(), written);
      }
    }
    progress.host(label, "Copied the cluster's TLS certificate, key and CA certificate to ~/.jray/tls.");
  }

  private void stopJray(SshSession ssh, String label) {
    SshSession.Result r = ssh.run(RemoteCommands.stop());
    if (r.exitStatus() == COMMAND_NOT_FOUND) {
      throw new CliException("jray is not installed on " + ssh.host() + " (its SSH shell has no 'jray' command); "
          + "install it there or in setup_commands, and put it on the PATH of non-interactive SSH sessions.");
    }
    if (!r.ok()) {
      throw failedCommand(label, "'jray stop'", r);
    }
  }

  /** Shows the end of a failed command's output under the host's label and says what failed, naming the host. */
  private CliException failedCommand(String label, String what, SshSession.Result r) {
    if (!r.output().isBlank()) {
      progress.output(label, r.tail(OUTPUT_TAIL_LINES));
    }
    String host = label.substring(label.lastIndexOf(' ') + 1);
    return new CliException("On " + host + ", " + what + " failed (exit status " + r.exitStatus() + "; output above).");
  }

  /** The node IPs the GCS at {@code address} lists as ALIVE (asked on the head), or null when it does not answer. */
  private static Set<String> aliveNodeIps(SshSession head, String address) {
    SshSession.Result r = head.run(RemoteCommands.status(address));
    if (!r.ok()) {
      return null;
    }
    try {
      Set<String> ips = new HashSet<>();
      String json = r.output().substring(r.output().indexOf('{'));
      for (JsonElement e : JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("nodes")) {
        JsonObject node = e.getAsJsonObject();
        if ("ALIVE".equals(node.get("state").getAsString())) {
          ips.add(node.get("node_ip").getAsString());
        }
      }
      return ips;
    } catch (JsonParseException | IllegalStateException | NullPointerException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  /** Whether a node at the host (as the file names it, or its address) is alive. */
  private static boolean isAlive(String host, Set<String> aliveIps) {
    if (aliveIps.contains(host)) {
      return true;
    }
    try {
      return aliveIps.contains(InetAddress.getByName(host).getHostAddress());
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** "Host 10.0.0.6 (pool cpu) failed: why" or "2 hosts failed: 10.0.0.6 (pool cpu): why; ...". */
  private static String hostsFailed(List<Failure> failures) {
    if (failures.size() == 1) {
      return "Host " + failures.get(0).host() + " failed: " + failures.get(0).why();
    }
    return failures.size() + " hosts failed: " + failures.stream().map(f -> f.host() + ": " + f.why())
        .collect(Collectors.joining("; "));
  }

  private static String withoutPeriod(String message) {
    return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
  }

  /** Runs the jobs on a thread each (at most {@link #MAX_PARALLEL_HOSTS}); returns their failures. */
  private List<Failure> runInParallel(List<HostJob> jobs) {
    List<Failure> failures = new ArrayList<>();
    if (jobs.isEmpty()) {
      return failures;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs.size(), MAX_PARALLEL_HOSTS),
        DaemonThreads.named("jray-launcher-host"));
    try {
      List<Future<Failure>> results = new ArrayList<>();
      for (HostJob job : jobs) {
        results.add(pool.submit(() -> {
          try {
            job.work().run();
            return null;
          } catch (RuntimeException e) {
            String message = e instanceof CliException ? e.getMessage() : "unexpected error: " + e;
            progress.host(job.label(), "FAILED: " + message);
            return new Failure(job.named(), withoutPeriod(message));
          }
        }));
      }
      for (Future<Failure> f : results) {
        Failure failure = f.get();
        if (failure != null) {
          failures.add(failure);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("Interrupted while working on the hosts of cluster '" + config.clusterName() + "'.");
    } catch (ExecutionException e) {
      throw new IllegalStateException(Objects.requireNonNullElse(e.getCause(), e));
    } finally {
      pool.shutdownNow();
    }
    return failures;
  }
}
