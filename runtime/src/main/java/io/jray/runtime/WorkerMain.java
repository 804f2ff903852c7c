package io.jray.runtime;

import com.google.protobuf.ByteString;
import io.jray.api.Ray;
import io.jray.proto.Address;
import io.jray.proto.RegisterWorkerRequest;
import io.jray.proto.WaitForJobReply;
import io.jray.proto.WaitForJobRequest;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.gcs.GcsClient;
import io.jray.runtime.process.ProcessRecord;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.HostPort;
import io.jray.runtime.worker.DeferredClassLoader;
import io.jray.runtime.worker.JobClassLoaders;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

/**
 * A worker JVM, started by a raylet: serves tasks pushed to it, registers with its raylet, and exits when
 * the raylet is gone. {@code java -cp <jray> io.jray.runtime.WorkerMain --job-classpath=<job jars> --key=value...}
 */
public final class WorkerMain {
  private WorkerMain() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (String a : argv) {
      int eq = a.indexOf('=');
      args.put(a.substring(2, eq), a.substring(eq + 1));
    }
    if (args.containsKey("log-out")) {
      // First of all, so every stream and log handler made later writes through the rotating files.
      io.jray.runtime.logs.RotatingFileOutputStream.redirectStdio(Path.of(args.get("log-out")),
          Path.of(args.get("log-err")));
    }
    // A worker never outlives its raylet, not even one that dies while this worker is still starting: the watch
    // begins before anything that talks to the raylet or the GCS (either can block for a whole RPC deadline).
    ProcessRecord rayletProcess = new ProcessRecord(Long.parseLong(args.get("raylet-pid")),
        Long.parseLong(args.get("raylet-start")));
    Thread watch = new Thread(() -> haltWhenGone(rayletProcess), "raylet-watch");
    watch.setDaemon(true);
    watch.start();
    try {
      serve(args);
    } catch (Exception | LinkageError e) {
      // The gRPC server's threads would otherwise keep a worker that never registered alive until its raylet ends.
      System.err.println("The worker could not start: " + e);
      e.printStackTrace();
      Runtime.getRuntime().halt(1);
    }
    watch.join();
  }

  private static void haltWhenGone(ProcessRecord raylet) {
    try {
      while (raylet.isAlive()) {
        Thread.sleep(JrayConfig.PROCESS_WATCH_PERIOD_MS.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Runtime.getRuntime().halt(0);
  }

  private static void serve(Map<String, String> args) throws Exception {
    // jray's own log lines at the cluster's level (logging_level); the program's own loggers keep theirs.
    java.util.logging.Logger.getLogger("io.jray").setLevel(io.jray.runtime.config.JrayConfig.loggingLevel());
    AuthToken token = AuthToken.of(System.getenv(AuthToken.ENV_TOKEN));
    HexFormat hex = HexFormat.of();
    HostPort raylet = HostPort.parse(args.get("raylet-address"));
    GcsClient gcs = new GcsClient(HostPort.parse(args.get("gcs-address")), token).patient();
    // Names from the wire resolve through the job's loaders once the job is known (a warm worker learns it later).
    DeferredClassLoader code = new DeferredClassLoader(WorkerMain.class.getClassLoader());
    CoreWorker core = new CoreWorker(token, gcs, ByteString.copyFrom(hex.parseHex(args.get("node-id"))), code);
    core.attachObjectStore(args.get("node-ip"), Integer.parseInt(args.getOrDefault("object-store-port", "0")), token);
    int port = core.serve(token, args.get("node-ip"), args.getOrDefault("bind-host", args.get("node-ip")), true);
    Address rayletAddress = Address.newBuilder().setIp(raylet.host()).setPort(raylet.port()).build();
    ByteString workerId = ByteString.copyFrom(hex.parseHex(args.get("worker-id")));
    ByteString jobId;
    java.util.List<Path> jobPath;
    if (args.getOrDefault("job-id", "").isEmpty()) {
      // Warm: started ahead of demand, this JVM did all of the above before any job needed it; a lease binds it now.
      StartupWarmup.forWarmWorker(core.serializer(), gcs);
      WaitForJobReply bound = core.peers().rayletBlocking(rayletAddress)
          .waitForJob(WaitForJobRequest.newBuilder().setWorkerId(workerId).build());
      jobId = bound.getJobId();
      jobPath = bound.getJobClasspathList().stream().map(Path::of).toList();
    } else {
      jobId = ByteString.copyFrom(hex.parseHex(args.get("job-id")));
      jobPath = jobClasspath(args.getOrDefault("job-classpath", ""));
    }
    // The job's code in loaders of its own: it sees jray's API and its own jars, not jray's internals and libraries.
    JobClassLoaders jobCode = JobClassLoaders.forJob(hex.formatHex(jobId.toByteArray()), jobPath,
        WorkerMain.class.getClassLoader());
    core.runJobCodeWith(jobCode, jobPath);
    io.jray.proto.JobInfo job = gcs.getAllJobInfo().stream().filter(j -> j.getJobId().equals(jobId))
        .findFirst().orElse(io.jray.proto.JobInfo.getDefaultInstance());
    String namespace = job.getNamespace();
    if (job.hasDriverAddress()) {
      core.forwardOutputTo(job.getDriverAddress(), args.get("node-ip"));
    }
    core.startSubmitting(jobId, rayletAddress, namespace);
    core.reportMetricsTo(rayletAddress);
    JrayRuntimeFactory.preset(new RayRuntimeImpl(core));
    Ray.init();
    initializeLibraries(jobCode.initializers());

    core.peers().rayletBlocking(rayletAddress).withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(),
        TimeUnit.MILLISECONDS).registerWorker(RegisterWorkerRequest.newBuilder().setWorkerId(workerId)
        .setPort(port).setPid(ProcessHandle.current().pid()).build());
    core.closeWith(core.notifyBlocked(rayletAddress, workerId));
  }

  /** The job's own classpath entries (fetched packages), as the raylet names them. */
  private static java.util.List<Path> jobClasspath(String joined) {
    return java.util.Arrays.stream(joined.split(java.io.File.pathSeparator)).filter(e -> !e.isBlank())
        .map(Path::of).toList();
  }

  /** Runs the job's {@link WorkerInitializer}s; one that fails is reported and the worker still serves tasks. */
  private static void initializeLibraries(ClassLoader loader) {
    for (WorkerInitializer initializer : ServiceLoader.load(WorkerInitializer.class, loader)) {
      try {
        initializer.workerStarted();
      } catch (RuntimeException | LinkageError e) {
        System.err.println("The worker initializer " + initializer.getClass().getName() + " failed: " + e);
        e.printStackTrace();
      }
    }
  }
}
