package io.jray.raylet;

import io.jray.runtime.process.JvmFlags;
import com.google.protobuf.ByteString;
import io.jray.proto.Address;
import io.jray.proto.WorkerEnv;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.files.PrivateFiles;
import io.jray.runtime.process.ProcessRecord;
import io.jray.runtime.rpc.AuthToken;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The node's worker JVMs: started per job with jray's jars (the job's classpath goes to a loader of its own in the
 * worker), kept warm when idle,
 * handed to leases, killed when their job ends. A worker that dies is reported to the listener (the lease
 * manager frees its resources; the owner sees its push fail). Synchronized on this pool.
 */
final class WorkerPool implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WorkerPool.class.getName());

  /** One worker JVM. {@code address} is set when it registers. */
  static final class Worker {
    final ByteString id;
    /** Its job; empty while it is warm (started ahead of demand, bound to no job yet). Set once. */
    volatile ByteString jobId;
    /** What it was started with besides its job's classpath (the default instance: nothing). */
    final WorkerEnv env;
    final Process process;
    volatile Address address;
    volatile boolean outlivesJob;
    /** Leased to hold an actor (until the lease ends). */
    volatile boolean holdsActor;
    /** When it was started, or bound to its job if it was warm (registration follows either). */
    volatile long startedNanos = System.nanoTime();

    Worker(ByteString id, ByteString jobId, WorkerEnv env, Process process) {
      this.id = id;
      this.jobId = jobId;
      this.env = env;
      this.process = process;
    }

    IdleKey key() {
      return new IdleKey(jobId, env);
    }

    String hexId() {
      return HexFormat.of().formatHex(id.toByteArray());
    }

    String describe() {
      return "worker=" + HexFormat.of().formatHex(id.toByteArray()).substring(0, 8) + " pid=" + process.pid();
    }
  }

  /** Idle workers are handed only to leases of the same job and the same environment. */
  record IdleKey(ByteString jobId, WorkerEnv env) {}

  /** What a warm worker is told when a lease binds it: its job and the job's code on this node. */
  record Binding(ByteString jobId, List<String> jobClasspath) {}

  /** Workers started, and how long those that registered took from spawn to registration (for the metrics). */
  final java.util.concurrent.atomic.LongAdder started = new java.util.concurrent.atomic.LongAdder();
  final java.util.concurrent.atomic.LongAdder registered = new java.util.concurrent.atomic.LongAdder();
  final java.util.concurrent.atomic.DoubleAdder registrationSeconds = new java.util.concurrent.atomic.DoubleAdder();
  private final RayletConfig config;
  private final AuthToken token;
  private final Consumer<Worker> onDeath;
  private final Map<ByteString, Worker> workers = new HashMap<>();
  private final Map<IdleKey, Deque<Worker>> idle = new HashMap<>();
  private final Map<ByteString, Consumer<Worker>> waiting = new HashMap<>();
  private final Set<ByteString> knownJobs = new LinkedHashSet<>();
  /** Jobs whose own workers were started ahead of demand here (once per job, whatever its first lease asked). */
  private final Set<ByteString> prestarted = new java.util.HashSet<>();
  /** Warm workers (bound to no job), oldest first: starting, or waiting in WaitForJob. */
  private final Deque<Worker> warm = new ArrayDeque<>();
  /** The WaitForJob calls of warm workers, by worker id. */
  private final Map<ByteString, Consumer<Binding>> bindWaiters = new HashMap<>();
  /** Bindings made before the worker asked (it was still starting), by worker id. */
  private final Map<ByteString, Binding> bindings = new HashMap<>();
  private volatile int rayletPort;
  private boolean closed;
  /** Workers' class-data archive; empty when turned off. */
  private final java.util.Optional<WorkerClassArchive> classArchive;

  WorkerPool(RayletConfig config, AuthToken token, Consumer<Worker> onDeath) {
    this.config = config;
    this.token = token;
    this.onDeath = onDeath;
    this.classArchive = WorkerClassArchive.of(JrayConfig.WORKER_CLASS_ARCHIVE_DIR.get(),
        System.getProperty("java.class.path"));
  }

  void setRayletPort(int port) {
    this.rayletPort = port;
  }

  /**
   * Hands a worker of the job and environment to {@code ready} (null if the worker died before it was ready).
   * Only the job's own workers (the default environment) are started ahead of demand.
   */
  void pop(ByteString jobId, WorkerEnv env, List<String> jobClasspath, Consumer<Worker> ready) {
    Worker found = null;
    synchronized (this) {
      Deque<Worker> free = idle.get(new IdleKey(jobId, env));
      while (free != null && !free.isEmpty() && found == null) {
        Worker w = free.poll();
        if (w.process.isAlive()) {
          found = w;
        }
      }
      if (found == null) {
        knownJobs.add(jobId);
        boolean plain = env.equals(WorkerEnv.getDefaultInstance());
        Worker started = plain ? bindWarm(jobId, jobClasspath) : null;
        if (started == null) {
          started = start(jobId, env, jobClasspath);
        }
        if (started == null) {
          ready.accept(null);
          return;
        }
        waiting.put(started.id, ready);
        if (plain && prestarted.add(jobId)) {
          // Prestart up to num_cpus workers for a new job, as Ray does, so its first tasks find them warm.
          int cpus = (int) Math.floor(config.resources().getOrDefault("CPU", 0.0));
          for (int i = 1; i < cpus; i++) {
            if (bindWarm(jobId, jobClasspath) == null) {
              start(jobId, env, jobClasspath);
            }
          }
        }
      }
    }
    if (found != null) {
      ready.accept(found);
    }
  }

  /** How many warm workers this node keeps ({@link JrayConfig#WARM_WORKERS}; negative: its CPU count). */
  int warmTarget() {
    int setting = JrayConfig.WARM_WORKERS.get();
    return setting >= 0 ? setting : (int) Math.floor(config.resources().getOrDefault("CPU", 0.0));
  }

  /**
   * Starts a warm worker when there are fewer than the target and none is booting: one JVM boot at a time, so that
   * refilling the pool (at the raylet's start, after a bind) does not take both cores from the tasks running now.
   * The next one starts when this one is ready (it asks for its job).
   */
  synchronized void fillWarm() {
    boolean booting = warm.stream().anyMatch(w -> w.process.isAlive() && !bindWaiters.containsKey(w.id));
    if (closed || booting || warm.size() >= warmTarget()) {
      return;
    }
    Worker w = start(ByteString.EMPTY, WorkerEnv.getDefaultInstance(), List.of());
    if (w != null) {
      warm.add(w);
    }
  }

  /** Binds the oldest live warm worker to the job (telling it now, or when it asks), or returns null. */
  private Worker bindWarm(ByteString jobId, List<String> jobClasspath) {
    Worker w;
    Binding binding = new Binding(jobId, List.copyOf(jobClasspath));
    while (true) {
      w = warm.poll();
      if (w == null) {
        return null;
      }
      if (!w.process.isAlive()) {
        continue;
      }
      Consumer<Binding> asked = bindWaiters.remove(w.id);
      try {
        w.jobId = jobId;
        w.startedNanos = System.nanoTime();
        if (asked != null) {
          asked.accept(binding);
        } else {
          bindings.put(w.id, binding);
        }
        break;
      } catch (RuntimeException callGone) { // its WaitForJob broke: it cannot be told, so it goes
        LOG.warning("warm " + w.describe() + " could not be told its job (" + callGone.getMessage() + "); ending it");
        kill(w);
      }
    }
    LOG.info("bound warm " + w.describe() + " to job " + HexFormat.of().formatHex(jobId.toByteArray()));
    return w; // another takes its place once it registered (register), not competing with its last steps
  }

  /** Starts warm workers up to the target off the caller's thread (a JVM's fork takes milliseconds). */
  private void refillWarmLater() {
    Thread refill = new Thread(this::fillWarm, "warm-workers");
    refill.setDaemon(true);
    refill.start();
  }

  /**
   * A warm worker asks which job it serves: {@code bound} is called when a lease binds it (at once if one already
   * did). Returns false for a worker this pool does not know as warm (it then exits).
   */
  /** A warm worker's WaitForJob call ended without an answer (its connection broke): it is not waited on. */
  void stopWaiting(ByteString workerId, Consumer<Binding> bound) {
    Worker gone = null;
    synchronized (this) {
      if (bindWaiters.remove(workerId, bound)) {
        gone = workers.get(workerId);
        if (gone != null) {
          warm.remove(gone); // it can no longer be told its job
        }
      }
    }
    if (gone != null) {
      kill(gone);
    }
  }

  boolean waitForJob(ByteString workerId, Consumer<Binding> bound) {
    Binding binding;
    synchronized (this) {
      binding = bindings.remove(workerId);
      if (binding == null) {
        Worker w = workers.get(workerId);
        if (w == null || !w.jobId.isEmpty() || closed) {
          return false;
        }
        bindWaiters.put(workerId, bound);
        refillWarmLater(); // this one is ready: the next may boot
        return true;
      }
    }
    bound.accept(binding);
    return true;
  }

  /** A leased worker comes back to the idle set. */
  void push(Worker worker) {
    classArchive.ifPresent(a -> a.served(worker.hexId()));
    List<Worker> surplus = new ArrayList<>();
    synchronized (this) {
      worker.holdsActor = false;
      if (worker.process.isAlive() && knownJobs.contains(worker.jobId)) {
        idle.computeIfAbsent(worker.key(), j -> new ArrayDeque<>()).add(worker);
        if (!worker.env.equals(WorkerEnv.getDefaultInstance())) {
          surplus = idleEnvWorkersPastCap();
        }
      }
    }
    surplus.forEach(this::kill);
  }

  /**
   * Idle workers of environments of their own are kept up to the node's CPU count (as Ray's soft limit on workers),
   * so tasks with ever new environments cannot fill the node with JVMs: past it, the ones idle longest go.
   */
  private List<Worker> idleEnvWorkersPastCap() {
    int cap = Math.max(1, (int) Math.floor(config.resources().getOrDefault("CPU", 1.0)));
    List<Worker> envIdle = new ArrayList<>();
    idle.forEach((key, workers) -> {
      if (!key.env().equals(WorkerEnv.getDefaultInstance())) {
        envIdle.addAll(workers);
      }
    });
    List<Worker> surplus = new ArrayList<>();
    for (int i = 0; i < envIdle.size() - cap; i++) {
      Worker oldest = envIdle.get(i);
      Deque<Worker> queue = idle.get(oldest.key());
      queue.remove(oldest);
      surplus.add(oldest);
    }
    return surplus;
  }

  void register(ByteString workerId, int port) {
    Consumer<Worker> ready;
    Worker worker;
    synchronized (this) {
      worker = workers.get(workerId);
      if (worker == null) {
        return;
      }
      worker.address = Address.newBuilder().setIp(config.nodeIp()).setPort(port).build();
      ready = waiting.remove(workerId);
      if (ready == null) {
        idle.computeIfAbsent(worker.key(), j -> new ArrayDeque<>()).add(worker);
      }
    }
    registered.increment();
    registrationSeconds.add((System.nanoTime() - worker.startedNanos) / 1e9);
    boolean refill;
    synchronized (this) {
      refill = !closed && warm.size() < warmTarget();
    }
    if (refill) {
      refillWarmLater();
    }
    LOG.info("registered " + worker.describe() + " port=" + port);
    if (ready != null) {
      ready.accept(worker);
    }
  }

  /** The worker holds a detached actor: it is not killed when its job ends. */
  void outliveJob(Worker worker) {
    worker.outlivesJob = true;
  }

  void kill(Worker worker) {
    worker.process.destroyForcibly();
  }

  /** Ends every worker of a job that finished. */
  void killJob(ByteString jobId) {
    List<Worker> doomed = new ArrayList<>();
    synchronized (this) {
      if (!knownJobs.remove(jobId)) {
        return;
      }
      prestarted.remove(jobId);
      idle.keySet().removeIf(key -> key.jobId().equals(jobId));
      workers.values().stream().filter(w -> w.jobId.equals(jobId) && !w.outlivesJob).forEach(doomed::add);
    }
    LOG.info("job " + HexFormat.of().formatHex(jobId.toByteArray()) + " finished; killing " + doomed.size() + " workers");
    doomed.forEach(this::kill);
  }

  /** What 'jray list workers' shows of one worker. */
  enum State { STARTING, IDLE, LEASED, ACTOR }

  /** One worker as it is now. */
  record View(ByteString id, ByteString jobId, long pid, int port, State state) {}

  /** Every live worker of the node, in no particular order. */
  synchronized List<View> views() {
    List<View> views = new ArrayList<>();
    for (Worker w : workers.values()) {
      Address address = w.address;
      Deque<Worker> free = idle.get(w.key());
      State state = bindWaiters.containsKey(w.id) ? State.IDLE // warm, waiting for a job
          : address == null ? State.STARTING
          : free != null && free.contains(w) ? State.IDLE
          : w.holdsActor ? State.ACTOR : State.LEASED;
      views.add(new View(w.id, w.jobId, w.process.pid(), address == null ? 0 : address.getPort(), state));
    }
    return views;
  }

  synchronized Set<ByteString> jobs() {
    return Set.copyOf(knownJobs);
  }

  synchronized int size() {
    return workers.size();
  }

  private Worker start(ByteString jobId, WorkerEnv env, List<String> jobClasspath) {
    if (closed) {
      return null;
    }
    HexFormat hex = HexFormat.of();
    byte[] idBytes = new byte[28];
    ThreadLocalRandom.current().nextBytes(idBytes);
    String workerId = hex.formatHex(idBytes);
    String job = hex.formatHex(jobId.toByteArray());
    ProcessRecord self = ProcessRecord.self();
    List<String> command = new ArrayList<>();
    command.addAll(JvmFlags.javaCommand());
    String options = JrayConfig.WORKER_JVM_OPTIONS.get().trim();
    if (!options.isEmpty()) {
      command.addAll(Arrays.asList(options.split("\\s+")));
    }
    command.addAll(JrayConfig.overridesAsJvmFlags());
    classArchive.ifPresent(a -> command.addAll(a.flagsFor(workerId)));
    command.addAll(env.getJvmOptionsList()); // after jray's, so that the task's or actor's own win
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.jray.runtime.WorkerMain");
    // The job's own jars go to a class loader of their own in the worker (its code sees jray's API, not the rest).
    command.add("--job-classpath=" + jobClasspath(jobClasspath));
    command.add("--raylet-address=" + config.nodeIp() + ":" + rayletPort);
    command.add("--gcs-address=" + config.gcsAddress());
    command.add("--node-id=" + hex.formatHex(config.nodeId()));
    command.add("--node-ip=" + config.nodeIp());
    command.add("--bind-host=" + config.bindHost());
    command.add("--object-store-port=" + config.objectStorePort());
    if (!jobId.isEmpty()) {
      command.add("--job-id=" + job); // else warm: it asks the raylet for its job (WaitForJob)
    }
    command.add("--worker-id=" + workerId);
    command.add("--raylet-pid=" + self.pid());
    command.add("--raylet-start=" + self.startTicks());
    command.add("--session-dir=" + config.sessionDir());
    Path logs = Path.of(config.sessionDir(), "logs");
    String base = "worker-" + workerId.substring(0, 16) + (jobId.isEmpty() ? "-warm" : "-" + job);
    // The worker writes its output through rotating files (WorkerMain); the appending redirects catch what the JVM
    // prints before that and natively.
    command.add("--log-out=" + logs.resolve(base + ".out"));
    command.add("--log-err=" + logs.resolve(base + ".err"));
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(PrivateFiles.logFile(logs.resolve(base + ".out"))))
          .redirectError(ProcessBuilder.Redirect.appendTo(PrivateFiles.logFile(logs.resolve(base + ".err"))));
      env.getEnvVarsList().forEach(v -> builder.environment().put(v.getName(), v.getValue()));
      builder.environment().put(AuthToken.ENV_TOKEN, token.value());
      process = builder.start();
    } catch (IOException | RuntimeException e) { // a bad environment too: the lease fails, the raylet goes on
      LOG.warning("cannot start a worker: " + e.getMessage());
      return null;
    }
    Worker worker = new Worker(ByteString.copyFrom(idBytes), jobId, env, process);
    started.increment();
    workers.put(worker.id, worker);
    LOG.info("started " + worker.describe() + (jobId.isEmpty() ? " warm" : " job=" + job));
    process.onExit().thenRun(() -> died(worker));
    return worker;
  }

  private void died(Worker worker) {
    classArchive.ifPresent(a -> a.served(worker.hexId()));
    Consumer<Worker> ready;
    synchronized (this) {
      workers.remove(worker.id);
      warm.remove(worker);
      bindWaiters.remove(worker.id);
      bindings.remove(worker.id);
      Deque<Worker> free = idle.get(worker.key());
      if (free != null) {
        free.remove(worker);
      }
      ready = waiting.remove(worker.id);
    }
    LOG.info(worker.describe() + " exited with " + worker.process.exitValue());
    if (ready != null) {
      ready.accept(null);
    }
    onDeath.accept(worker);
  }

  /** The job's code on this node: its fetched packages, and this node's copies of the libraries it shares with jray. */
  private static String jobClasspath(List<String> jobClasspath) {
    return String.join(File.pathSeparator, new LinkedHashSet<>(jobClasspath));
  }

  @Override
  public void close() {
    List<Worker> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(workers.values());
    }
    classArchive.ifPresent(WorkerClassArchive::close);
    all.forEach(w -> w.process.destroy());
    for (Worker w : all) {
      try {
        if (!w.process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
          w.process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
