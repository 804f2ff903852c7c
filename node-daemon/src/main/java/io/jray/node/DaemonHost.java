package io.jray.node;

import io.jray.runtime.process.DaemonThreads;
import io.grpc.BindableService;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.files.PrivateFiles;
import io.jray.runtime.process.ProcessRecord;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.RpcServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every daemon process does around its own work: read the token, serve its gRPC services (plus health)
 * behind the token check, publish its port in a port file, exit when its reaper is gone, and run its
 * shutdown steps on SIGTERM. A daemon's main builds its services and calls {@link #serve}.
 */
public final class DaemonHost {
  private static final Logger LOG = Logger.getLogger(DaemonHost.class.getName());

  private final DaemonKind kind;
  private final DaemonArgs args;
  private final AuthToken token;
  private final List<Runnable> shutdownSteps = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("reaper-watchdog"));
  private RpcServers.Started server;
  private int metricsPort = -1;

  public DaemonHost(DaemonKind kind, String[] rawArgs) {
    this.kind = kind;
    this.args = DaemonArgs.parse(rawArgs);
    String logOut = args.get("log-out", null);
    if (logOut != null) {
      // Before the log handler is made, so that it writes through the rotating file too.
      try {
        io.jray.runtime.logs.RotatingFileOutputStream.redirectStdio(Path.of(logOut), Path.of(args.get("log-err")));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot open the daemon's log files", e);
      }
    }
    DaemonLogging.configure();
    String tokenValue = System.getenv(AuthToken.ENV_TOKEN);
    if (tokenValue == null) {
      throw new IllegalStateException(kind.displayName() + " needs the cluster token in " + AuthToken.ENV_TOKEN);
    }
    this.token = AuthToken.of(tokenValue);
  }

  public DaemonArgs args() {
    return args;
  }

  public AuthToken token() {
    return token;
  }

  /** Runs on SIGTERM, last registered first, before the server stops. */
  public void onShutdown(Runnable step) {
    shutdownSteps.add(0, step);
  }

  /**
   * Starts the server on {@code --port} (0 = any) and returns the bound port. The launcher does not see the
   * daemon as started until {@link #ready()}, so a daemon may first do work that needs its port.
   */
  public int serve(List<BindableService> services) throws IOException {
    server = RpcServers.start(bindHost(), args.getInt("port", 0), token, services);
    serveMetrics();
    watchReaper();
    Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "shutdown"));
    LOG.info(kind.logName() + " listening on port " + server.port() + " of " + bindHost() + " pid=" + ProcessHandle.current().pid());
    return server.port();
  }

  /**
   * With {@code --metrics-port} (0: any), exports this process's metrics on that port of the node's address, and
   * publishes the port beside the daemon's port file ({@code <port file>.metrics}) before the daemon is ready.
   */
  private void serveMetrics() throws IOException {
    String port = args.get("metrics-port", null);
    if (port == null) {
      return;
    }
    io.jray.node.metrics.MetricsEndpoint metrics =
        io.jray.node.metrics.MetricsEndpoint.start(bindHost(), Integer.parseInt(port), token);
    onShutdown(metrics::close);
    metricsPort = metrics.port();
    publishBeside("metrics", metrics.port());
    LOG.info(kind.logName() + " exports metrics on port " + metrics.port());
  }

  /** The file a daemon whose port file is {@code portFile} writes when it stops on purpose (SIGTERM). */
  public static Path stoppedMarker(Path portFile) {
    return portFile.resolveSibling(portFile.getFileName() + ".stopped");
  }

  /** The port this daemon exports its metrics on; -1 when it exports none. */
  public int metricsPort() {
    return metricsPort;
  }

  /** Where a daemon whose port file is {@code portFile} publishes its metrics port. */
  public static Path metricsPortFile(Path portFile) {
    return portFileBeside(portFile, "metrics");
  }

  /** Where a daemon whose port file is {@code portFile} publishes its port for {@code what}. */
  public static Path portFileBeside(Path portFile, String what) {
    return portFile.resolveSibling(portFile.getFileName() + "." + what);
  }

  /** Publishes another port of this daemon ({@code <port file>.<what>}), for the launcher to read once ready. */
  public void publishBeside(String what, int port) throws IOException {
    PrivateFiles.writeAtomically(portFileBeside(Path.of(args.get("port-file")), what),
        Integer.toString(port).getBytes(StandardCharsets.UTF_8));
  }

  /** The address this daemon listens on: the node's ({@code --bind-host}), loopback when none was given. */
  public String bindHost() {
    return args.get("bind-host", RpcServers.LOOPBACK);
  }

  /** Tells the launcher this daemon is up, by publishing its port in its port file. */
  public void ready() throws IOException {
    publishPort(server.port());
  }

  /** Blocks the main thread until the process is asked to stop. */
  public void awaitTermination() throws InterruptedException {
    stopped.await();
  }

  private void publishPort(int port) throws IOException {
    PrivateFiles.writeAtomically(Path.of(args.get("port-file")),
        Integer.toString(port).getBytes(StandardCharsets.UTF_8));
  }

  /** A daemon never outlives its reaper: that is how a node killed in pieces still ends whole. */
  private void watchReaper() {
    long reaperPid = args.getLong("reaper-pid", -1);
    if (reaperPid < 0) {
      return;
    }
    ProcessRecord reaper = new ProcessRecord(reaperPid, args.getLong("reaper-start", -1));
    long period = JrayConfig.PROCESS_WATCH_PERIOD_MS.get();
    watchdog.scheduleWithFixedDelay(() -> {
      if (!reaper.isAlive()) {
        LOG.warning(kind.logName() + " lost its reaper (pid " + reaperPid + "); exiting");
        System.exit(1);
      }
    }, period, period, TimeUnit.MILLISECONDS);
  }

  private void shutdown() {
    // A daemon that stops on purpose says so beside its port file: a reaper that restarts a dead GCS tells a stop
    // from a crash (a crash, even during start-up before the port file exists, leaves no such mark).
    try {
      Path portFile = Path.of(args.get("port-file"));
      PrivateFiles.writeAtomically(stoppedMarker(portFile), new byte[0]);
      java.nio.file.Files.deleteIfExists(portFile);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "could not mark the stop", e);
    }
    for (Runnable step : shutdownSteps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "shutdown step failed", e);
      }
    }
    if (server != null) {
      server.shutdown();
      try {
        server.server().awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    stopped.countDown();
  }
}
