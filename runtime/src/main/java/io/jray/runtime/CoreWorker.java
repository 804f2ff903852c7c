package io.jray.runtime;

import io.jray.runtime.process.DaemonThreads;
import com.google.protobuf.ByteString;
import io.jray.proto.Address;
import io.jray.runtime.actor.ActorTaskSubmitter;
import io.jray.proto.JobPackage;
import io.jray.runtime.function.FunctionResolver;
import io.jray.runtime.gcs.GcsClient;
import io.jray.proto.PushWorkerLogsRequest;
import io.jray.proto.WorkerLogLine;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.logs.WorkerLogForwarder;
import io.jray.runtime.logs.WorkerLogPrinter;
import io.jray.runtime.lineage.Lineage;
import io.jray.runtime.lineage.ObjectRecovery;
import io.jray.runtime.object.LargeObjects;
import io.jray.runtime.object.ObjectLocations;
import io.jray.runtime.object.StoreNodes;
import io.jray.runtime.task.TaskManager;
import io.jray.runtime.object.MemoryStore;
import io.jray.runtime.object.ReferenceCounter;
import io.jray.runtime.state.StateReporter;
import io.jray.runtime.state.TaskEventBuffer;
import io.jray.runtime.objectstore.ObjectStoreClient;
import io.jray.runtime.object.ObjectResolver;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.PeerChannels;
import io.jray.runtime.rpc.RpcServers;
import io.jray.runtime.serialization.ForySerializer;
import io.jray.runtime.serialization.Serializer;
import io.jray.runtime.task.TaskSubmitter;
import io.jray.runtime.worker.BlockedNotifier;
import io.jray.runtime.worker.CoreWorkerService;
import io.jray.runtime.worker.TaskContext;
import io.jray.runtime.worker.TaskExecutor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything that runs inside one driver or worker JVM (Ray's core worker): the memory store of the objects
 * it owns, the resolver that fetches others', the task submitter, the task executor (workers), and the gRPC
 * server that serves them. Built by {@link DriverConnector} or {@link io.jray.runtime.worker.WorkerMain}.
 */
public final class CoreWorker implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(CoreWorker.class.getName());

  private final MemoryStore store = new MemoryStore((id, object) -> largeObjects().discard(id, object));
  /** The specs of finished tasks whose values this process owns, to rebuild a lost value. */
  private final Lineage lineage = new Lineage(ref -> ref.getOwner().equals(this.address), JrayConfig.MAX_LINEAGE_BYTES::get);
  /** Where readers pulled copies of the stored objects this process owns. */
  private final ObjectLocations locations = new ObjectLocations();
  private final ReferenceCounter refs;
  private final TaskEventBuffer taskEvents = new TaskEventBuffer();
  private StateReporter stateReporter;
  private final Serializer serializer;
  private final TaskContext taskContext = new TaskContext();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("core-worker-timer"));
  private final PeerChannels peers;
  private final GcsClient gcs;
  private final ByteString nodeId;
  private final StoreNodes storeNodes;
  private final List<AutoCloseable> closers = new ArrayList<>();
  private ByteString jobId;
  private Address address;
  private ObjectResolver resolver;
  private TaskSubmitter submitter;
  private ActorTaskSubmitter actorSubmitter;
  private ObjectRecovery recovery;
  private String namespace = "";
  private List<JobPackage> jobPackages;
  /** A worker's job code (its job class loader's entries); null in a driver, whose classpath is the job's. */
  private volatile String codeClasspath;
  private io.jray.runtime.packaging.WorkerEnvs workerEnvs; // made on first use
  private TaskExecutor executor;
  private final io.jray.runtime.worker.DeferredClassLoader jobCode;
  private RpcServers.Started server;
  private CoreWorkerService service;
  private RuntimeContextImpl context;
  private volatile LargeObjects largeObjects;
  private ObjectStoreClient objectStore;
  private io.jray.runtime.metrics.CoreWorkerMetrics metrics;

  CoreWorker(AuthToken token, GcsClient gcs, ByteString nodeId) {
    this(token, gcs, nodeId, null);
  }

  /**
   * @param jobCode a worker's loader for names from the wire (its job's loaders once {@link #runJobCodeWith} bound
   *     them); null for a driver, whose own classpath is the job's
   */
  CoreWorker(AuthToken token, GcsClient gcs, ByteString nodeId, io.jray.runtime.worker.DeferredClassLoader jobCode) {
    this.jobCode = jobCode;
    this.peers = new PeerChannels(token);
    this.refs = new ReferenceCounter(id -> {
      store.free(id);
      locations.forget(id);
      lineage.outOfScope(id);
    }, peers);
    this.serializer = jobCode == null ? new ForySerializer(refs) : new ForySerializer(refs, jobCode);
    this.gcs = gcs;
    this.storeNodes = new StoreNodes(gcs::getAllNodeInfo);
    this.largeObjects = new LargeObjects(null, null, peers, storeNodes);
    this.nodeId = nodeId;
  }

  /**
   * Starts the gRPC server on {@code bindHost} (the node's address, or all interfaces), reachable by peers at
   * {@code ip}; a worker also gets a task executor. Returns the bound port.
   */
  int serve(AuthToken token, String ip, String bindHost, boolean runsTasks) throws IOException {
    MemoryStore s = store;
    if (runsTasks) {
      ClassLoader functions = jobCode != null ? jobCode
          : Thread.currentThread().getContextClassLoader() != null ? Thread.currentThread().getContextClassLoader()
          : ClassLoader.getSystemClassLoader();
      executor = new TaskExecutor(new FunctionResolver(functions), null, serializer, refs, taskContext);
    }
    service = new CoreWorkerService(s, locations, refs, executor, timer,
        new io.jray.runtime.worker.LeaseOwnerCheck(peers, () -> Runtime.getRuntime().halt(1)));
    metrics = new io.jray.runtime.metrics.CoreWorkerMetrics(runsTasks ? "worker" : "driver");
    service.countTasksIn(metrics);
    server = RpcServers.startNonBlocking(bindHost, 0, token, List.of(service));
    address = Address.newBuilder().setIp(ip).setPort(server.port()).build();
    refs.bindSelf(address);
    stateReporter = new StateReporter(gcs, taskEvents, store, refs, () -> jobId, address, nodeId, timer);
    resolver = new ObjectResolver(store, peers, address, largeObjects.localStore());
    if (executor != null) {
      executor.bindResolver(resolver, largeObjects);
    }
    return server.port();
  }

  /**
   * A worker's job is known (at its start, or when a lease bound a warm worker): names from the wire resolve through
   * the job's loaders, and its code runs with its own loader as context class loader. Call after {@link #serve}.
   */
  void runJobCodeWith(io.jray.runtime.worker.JobClassLoaders loaders, List<java.nio.file.Path> jobClasspath) {
    jobCode.bind(loaders.resolving());
    executor.runCodeWith(loaders.user());
    // What this worker's own leases (nested tasks, actors) name as the job's code: its job's, not its JVM's classpath.
    this.codeClasspath = jobClasspath.stream().map(java.nio.file.Path::toString)
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  /**
   * Connects to this node's object store, where values too large to travel inline go. Call before
   * {@link #serve}. Without it every value travels inline.
   */
  void attachObjectStore(String ip, int port, AuthToken token) {
    if (port <= 0) {
      return;
    }
    objectStore = new ObjectStoreClient(new io.jray.runtime.rpc.HostPort(ip, port), token);
    largeObjects = new LargeObjects(objectStore, Address.newBuilder().setIp(ip).setPort(port).build(), peers,
        storeNodes);
  }

  public LargeObjects largeObjects() {
    return largeObjects;
  }

  /** Completes the wiring once the job is known: the submitter leases from {@code localRaylet}. */
  void startSubmitting(ByteString jobId, Address localRaylet, String namespace) {
    this.jobId = jobId;
    this.namespace = namespace;
    TaskManager tasks = new TaskManager(store, refs, taskEvents, lineage);
    this.submitter = new TaskSubmitter(new io.jray.runtime.task.GrpcRayletClient(peers),
        new io.jray.runtime.task.GrpcWorkerClient(peers), tasks, refs, taskEvents, localRaylet, jobId,
        this::jobPackages, gcs::getAllNodeInfo, this::someNodeFits, this::placementGroupRemoved);
    this.actorSubmitter = new ActorTaskSubmitter(gcs, peers, tasks, refs, taskEvents);
    this.recovery = new ObjectRecovery(store, largeObjects, locations, lineage, ref -> ref.getOwner().equals(address),
        submitter::submit, actorSubmitter::submit);
    resolver.bindRecovery(recovery);
    service.bindRecovery(recovery);
    this.context = new RuntimeContextImpl(this, namespace);
  }

  /**
   * From now on this process's metrics go to {@code raylet}, its node's, which exports them (so a node has three
   * scrape targets however many workers run there). Call after {@link #serve}.
   */
  /** This process's own metrics, which go to its raylet once {@link #reportMetricsTo} is called. */
  public io.jray.runtime.metrics.CoreWorkerMetrics metrics() {
    return metrics;
  }

  void reportMetricsTo(Address raylet) {
    closeWith(new io.jray.runtime.metrics.CoreWorkerMetricsReporter(metrics, peers, raylet, address));
  }

  /** From now on this worker's raylet hears when its tasks block in get/wait and resume; close it with this. */
  AutoCloseable notifyBlocked(Address raylet, ByteString workerId) {
    BlockedNotifier notifier = new BlockedNotifier(peers, raylet, workerId);
    executor.onBlockedChange(notifier);
    return notifier;
  }

  /**
   * A driver: prints the lines its job's workers send (log_to_driver), unless that is off. Call after
   * {@link #serve}.
   */
  void printWorkerLogs() {
    if (!JrayConfig.LOG_TO_DRIVER.get()) {
      return;
    }
    WorkerLogPrinter printer = new WorkerLogPrinter(address.getIp(),
        JrayConfig.DEDUP_LOGS.get() ? JrayConfig.DEDUP_LOGS_AGG_WINDOW_S.get() : -1);
    service.printWorkerLogs(printer);
    closeWith(printer);
  }

  /**
   * A worker: from now on what it prints also goes to its job's driver at {@code driver} (unless log_to_driver
   * is off here), tagged with this worker's node IP and pid and the task or actor printing.
   */
  void forwardOutputTo(Address driver, String nodeIp) {
    if (!JrayConfig.LOG_TO_DRIVER.get()) {
      return;
    }
    long pid = ProcessHandle.current().pid();
    WorkerLogForwarder forwarder = new WorkerLogForwarder(taskContext::logSourceName, lines -> {
      PushWorkerLogsRequest.Builder request = PushWorkerLogsRequest.newBuilder().setIp(nodeIp).setPid(pid);
      for (WorkerLogForwarder.Line l : lines) {
        request.addLines(WorkerLogLine.newBuilder().setText(l.text()).setIsErr(l.isErr())
            .setSourceName(l.sourceName()));
      }
      return peers.coreWorkerBlocking(driver).withDeadlineAfter(JrayConfig.RPC_TIMEOUT_MS.get(),
          java.util.concurrent.TimeUnit.MILLISECONDS).pushWorkerLogs(request.build()).getAccepting();
    });
    forwarder.install();
    closeWith(forwarder);
  }

  /** Something to close with this core worker (the job's driver stream, a local cluster), last added first. */
  void closeWith(AutoCloseable closer) {
    closers.add(0, closer);
  }

  /** Whether a live node's total resources fit the shape; true when the GCS cannot be asked (no false alarm). */
  private boolean someNodeFits(java.util.Map<String, Double> shape) {
    try {
      return gcs.getAllNodeInfo().stream()
          .filter(n -> n.getState() == io.jray.proto.NodeState.NODE_ALIVE)
          .anyMatch(n -> io.jray.runtime.resources.ResourceShapes.fits(n.getTotal().getAmountsMap(), shape));
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** Whether the GCS has no live placement group with this id; false when it cannot be asked (no false failure). */
  private boolean placementGroupRemoved(ByteString id) {
    try {
      return gcs.getPlacementGroup(id).map(g -> g.getState() == io.jray.proto.PlacementGroupInfo.State.REMOVED)
          .orElse(true);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The worker environments of this process's tasks and actors (their jars shipped on first use). */
  public synchronized io.jray.runtime.packaging.WorkerEnvs workerEnvs() {
    if (workerEnvs == null) {
      workerEnvs = new io.jray.runtime.packaging.WorkerEnvs(gcs::packages);
    }
    return workerEnvs;
  }

  /**
   * This JVM's classpath, and the entries {@link JrayConfig#JOB_CODE_SEARCH_PATH} adds, as content-addressed
   * packages, uploaded to the GCS once (on first use).
   */
  synchronized List<JobPackage> jobPackages() {
    if (jobPackages == null) {
      String classpath = codeClasspath != null ? codeClasspath : System.getProperty("java.class.path");
      String extra = codeClasspath != null ? "" : JrayConfig.JOB_CODE_SEARCH_PATH.get().trim();
      jobPackages = gcs.uploadJobPackages(
          extra.isEmpty() ? classpath : classpath + java.io.File.pathSeparator + extra);
    }
    return jobPackages;
  }

  /** Runs a get or wait that may block: inside a task, the worker meanwhile starts the next queued task. */
  public <T> T blocking(java.util.function.Supplier<T> call) {
    TaskExecutor tasks = executor;
    return tasks == null ? call.get() : tasks.whileBlocked(call);
  }

  /** Channels to other processes (workers, raylets, object stores). */
  public PeerChannels peers() {
    return peers;
  }

  /** Who stores the values other processes put with this one as their owner. */
  void onOwnedPuts(CoreWorkerService.OwnedPuts puts) {
    service.onOwnedPuts(puts);
  }

  public Serializer serializer() {
    return serializer;
  }

  public MemoryStore store() {
    return store;
  }

  /** The lineage of the values this process owns (a put records that it has none). */
  public Lineage lineage() {
    return lineage;
  }

  public ReferenceCounter refs() {
    return refs;
  }

  public ObjectResolver resolver() {
    return resolver;
  }

  public TaskSubmitter submitter() {
    return submitter;
  }

  public ActorTaskSubmitter actorSubmitter() {
    return actorSubmitter;
  }

  /** The job's namespace (named actors are found in it by default). */
  public String namespace() {
    return namespace;
  }

  public TaskContext taskContext() {
    return taskContext;
  }

  public Address address() {
    return address;
  }

  public ByteString jobId() {
    return jobId;
  }

  public ByteString nodeId() {
    return nodeId;
  }

  public GcsClient gcs() {
    return gcs;
  }

  RuntimeContextImpl context() {
    return context;
  }

  @Override
  public void close() {
    if (stateReporter != null) {
      stateReporter.close();
    }
    if (submitter != null) {
      submitter.close();
    }
    if (actorSubmitter != null) {
      actorSubmitter.close();
    }
    if (recovery != null) {
      recovery.close();
    }
    for (AutoCloseable closer : closers) {
      try {
        closer.close();
      } catch (Exception e) {
        LOG.log(Level.FINE, "close failed", e);
      }
    }
    if (executor != null) {
      executor.close();
    }
    if (server != null) {
      server.shutdown();
    }
    timer.shutdownNow();
    refs.close();
    if (objectStore != null) {
      objectStore.close();
    }
    peers.close();
    gcs.close();
  }
}
