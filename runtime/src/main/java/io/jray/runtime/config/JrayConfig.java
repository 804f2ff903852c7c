package io.jray.runtime.config;

import java.util.List;

/**
 * Every tunable of jray, with its default, in one place. Each is overridden by {@code -Djray.<name>=} or
 * {@code JRAY_<NAME>}; tests shorten the timeouts this way. Names follow Ray's where Ray has one.
 */
public final class JrayConfig {
  private JrayConfig() {}

  /** How often the GCS health-checks each raylet (Ray: health_check_period_ms). */
  public static final Setting<Long> HEALTH_CHECK_PERIOD_MS = Setting.ofLong("health_check_period_ms", 3000);
  /** Deadline of one health check (Ray: health_check_timeout_ms). */
  public static final Setting<Long> HEALTH_CHECK_TIMEOUT_MS = Setting.ofLong("health_check_timeout_ms", 10000);
  /** Consecutive failed checks before a node is declared dead (Ray: health_check_failure_threshold). */
  public static final Setting<Integer> HEALTH_CHECK_FAILURE_THRESHOLD =
      Setting.ofInt("health_check_failure_threshold", 5);
  /** Delay before the first health check of a new node (Ray: health_check_initial_delay_ms). */
  public static final Setting<Long> HEALTH_CHECK_INITIAL_DELAY_MS =
      Setting.ofLong("health_check_initial_delay_ms", 5000);

  /** Deadline of an ordinary control-plane RPC. */
  public static final Setting<Long> RPC_TIMEOUT_MS = Setting.ofLong("rpc_timeout_ms", 10000);
  /** How long {@code jray start --address} keeps trying to reach the GCS before it gives up. */
  public static final Setting<Long> GCS_CONNECT_TIMEOUT_MS = Setting.ofLong("gcs_connect_timeout_ms", 8000);
  /**
   * How long a raylet keeps trying to reach a GCS that does not answer before it exits, and its node with it, so
   * no node outlives its cluster as an orphan (Ray: gcs_rpc_server_reconnect_timeout_s, 60 s).
   */
  public static final Setting<Long> GCS_RECONNECT_TIMEOUT_MS = Setting.ofLong("gcs_reconnect_timeout_ms", 60000);
  /**
   * How long a driver whose registration stream broke (a network blip, a GCS restart) has to come back before the
   * GCS ends its job; a driver on the GCS's host whose process is gone ends its job at once.
   */
  public static final Setting<Long> DRIVER_RECONNECT_TIMEOUT_MS =
      Setting.ofLong("driver_reconnect_timeout_ms", 60000);
  /**
   * The level of what daemons and workers log: debug, info (default), warning, error or critical, as Ray's
   * {@code --logging-level} (and {@code RAY_LOGGING_LEVEL}); {@code jray start --logging-level} sets it.
   */
  public static final Setting<String> LOGGING_LEVEL = Setting.ofString("logging_level", "info");
  /**
   * CLUSTER (default): a driver connects to, or starts, a cluster of processes; LOCAL: tasks and actors run on threads
   * of the driver's JVM, with no daemon (Ray's local mode). Also read as {@code -Djray.run-mode}, Ray's spelling.
   */
  public static final Setting<String> RUN_MODE = Setting.ofString("run_mode", "CLUSTER");
  /**
   * The port 'jray start --head' serves the dashboard and the job REST API on when --dashboard-port is not given
   * (Ray: 8265; 0: any free port).
   */
  public static final Setting<Integer> DASHBOARD_PORT = Setting.ofInt("dashboard_port", 8265);
  /** How long a dashboard login (its cookie) lasts. */
  public static final Setting<Long> DASHBOARD_SESSION_TTL_MS = Setting.ofLong("dashboard_session_ttl_ms", 12 * 3600_000L);
  /** How often drivers and workers send their metrics to their node's raylet (Ray: metrics_report_interval_ms). */
  public static final Setting<Long> METRICS_REPORT_INTERVAL_MS = Setting.ofLong("metrics_report_interval_ms", 10000);
  /**
   * How soon after tasks end a worker reports them (one report per burst): a job's workers are killed when it
   * ends, and would otherwise take the counts of its last tasks with them.
   */
  public static final Setting<Long> METRICS_TASK_REPORT_DELAY_MS = Setting.ofLong("metrics_task_report_delay_ms", 100);
  /** The size at which a daemon's or worker's log file is rotated (Ray: RAY_ROTATION_MAX_BYTES, 512 MB). */
  public static final Setting<Long> ROTATION_MAX_BYTES = Setting.ofLong("rotation_max_bytes", 512L << 20);
  /** How many rotated files of a log are kept beside it (Ray: RAY_ROTATION_BACKUP_COUNT, 5). */
  public static final Setting<Integer> ROTATION_BACKUP_COUNT = Setting.ofInt("rotation_backup_count", 5);
  /** Prefix of every key the GCS writes to Redis, so clusters can share one Redis (Ray: external_storage_namespace). */
  public static final Setting<String> EXTERNAL_STORAGE_NAMESPACE =
      Setting.ofString("external_storage_namespace", "default");
  /** How long the GCS keeps retrying a write its Redis does not take before it exits (and the reaper restarts it). */
  public static final Setting<Long> STORAGE_WRITE_TIMEOUT_MS = Setting.ofLong("storage_write_timeout_ms", 60000);
  /** The file storage writes a snapshot and starts a new log once its log holds this many bytes. */
  public static final Setting<Long> STORAGE_LOG_COMPACT_BYTES =
      Setting.ofLong("storage_log_compact_bytes", 64L << 20);
  /** How many times a minute the head's reaper restarts a GCS with durable storage before it ends the node. */
  public static final Setting<Integer> GCS_RESTARTS_PER_MINUTE = Setting.ofInt("gcs_restarts_per_minute", 5);
  /** How long {@code jray start} waits for each daemon to answer its health check. */
  public static final Setting<Long> DAEMON_START_TIMEOUT_MS = Setting.ofLong("daemon_start_timeout_ms", 60000);
  /** How often daemons and the reaper look at the processes they watch. */
  public static final Setting<Long> PROCESS_WATCH_PERIOD_MS = Setting.ofLong("process_watch_period_ms", 250);
  /** How often a raylet reports its resources and demands to the GCS and refreshes its view of nodes and jobs. */
  public static final Setting<Long> RESOURCE_REPORT_PERIOD_MS = Setting.ofLong("resource_report_period_ms", 500);
  /**
   * How often a raylet whose resources, demands and bundles did not change reports anyway (its view of the other
   * nodes and its fencing news come with the reply): a cluster at rest costs its GCS this, not a report per period.
   */
  public static final Setting<Long> RESOURCE_REPORT_KEEPALIVE_MS = Setting.ofLong("resource_report_keepalive_ms", 5000);
  /** Grace period between SIGTERM and SIGKILL in {@code jray stop}, seconds. */
  public static final Setting<Integer> STOP_GRACE_PERIOD_S = Setting.ofInt("stop_grace_period_s", 16);

  /** Fraction of RAM given to the object store when --object-store-memory is not set (Ray: 30%). */
  public static final Setting<Double> OBJECT_STORE_MEMORY_FRACTION =
      Setting.ofDouble("object_store_memory_fraction", 0.3);
  /** Where the object stores keep their shared memory. */
  public static final Setting<String> SHM_DIR = Setting.ofString("shm_dir", "/dev/shm");

  /**
   * Bytes per memory-mapped chunk of the object store's arena (a mapping is limited to 2 GiB); the largest object
   * is one chunk. The default holds a 1 GiB byte[] with room to spare and is a multiple of 2 MiB.
   */
  public static final Setting<Long> OBJECT_STORE_ARENA_CHUNK_BYTES =
      Setting.ofLong("object_store_arena_chunk_bytes", (1L << 31) - (2L << 20));
  /**
   * Bytes of the arena the store writes at start, so the first puts run at warm-memory speed instead of paying
   * tmpfs page faults (BUILD-FACTS.md); 0 = none, -1 = the whole arena. The pages then stay in RAM.
   */
  public static final Setting<Long> OBJECT_STORE_PREFAULT_BYTES = Setting.ofLong("object_store_prefault_bytes", 0);
  /**
   * When a create leaves the arena fuller than this fraction, the store asks its clients to collect their
   * garbage: a JVM frees a dropped ref's object only when its collector runs, and a program that puts large values
   * allocates little heap, so without this the store would spill objects nobody can reach any more.
   */
  public static final Setting<Double> OBJECT_STORE_COLLECT_FRACTION =
      Setting.ofDouble("object_store_collect_fraction", 0.5);
  /**
   * The store asks its clients to collect their garbage at most this often; while asking does not bring the arena
   * back under the mark (its objects are in use), up to 32 times less often.
   */
  public static final Setting<Long> OBJECT_STORE_COLLECT_INTERVAL_MS =
      Setting.ofLong("object_store_collect_interval_ms", 250);
  /** Bytes per message when one object store pulls an object from another (Ray: object_manager_default_chunk_size). */
  public static final Setting<Long> OBJECT_TRANSFER_CHUNK_BYTES =
      Setting.ofLong("object_transfer_chunk_bytes", 4L << 20);
  /** Deadline of one whole pull of an object between two nodes' stores. */
  public static final Setting<Long> OBJECT_PULL_TIMEOUT_MS = Setting.ofLong("object_pull_timeout_ms", 300000);

  /** Bytes per message when a code package (a job's jar) travels to or from the GCS's package store. */
  public static final Setting<Long> PACKAGE_CHUNK_BYTES = Setting.ofLong("package_chunk_bytes", 1L << 20);
  /** Deadline of one whole package upload or download (a jar of a few GiB over a slow link must fit in it). */
  public static final Setting<Long> PACKAGE_TRANSFER_TIMEOUT_MS =
      Setting.ofLong("package_transfer_timeout_ms", 1_800_000);

  /**
   * Largest gRPC message a jray server or client accepts, bytes: above a 1 GiB object with room for its envelope,
   * below what a daemon heap could not take at all. A larger message is refused with RESOURCE_EXHAUSTED.
   */
  public static final Setting<Integer> RPC_MAX_MESSAGE_BYTES =
      Setting.ofInt("rpc_max_message_bytes", (1 << 30) + (64 << 20));
  /** Largest value the GCS's key-value store takes in one put, bytes (a 1 GiB value fits). */
  public static final Setting<Long> KV_MAX_VALUE_BYTES = Setting.ofLong("kv_max_value_bytes", (1L << 30) + (64L << 20));
  /** Largest code package (a job's jar) the GCS stores, bytes: a 2 GiB jar fits. */
  public static final Setting<Long> PACKAGE_MAX_BYTES = Setting.ofLong("package_max_bytes", 4L << 30);
  /**
   * Classes (names, or prefixes such as {@code com.example.*}, comma separated) that values sent between jray
   * processes may hold, besides jray's own and the JDK's ordinary ones. Empty (the default): any class but the
   * known deserialization gadgets, which are refused in either mode.
   */
  public static final Setting<String> SERIALIZATION_ALLOWED_CLASSES =
      Setting.ofString("serialization_allowed_classes", "");
  /** Most memory, bytes, one deserialized value may make its reader allocate (a 1 GiB value fits). */
  public static final Setting<Long> SERIALIZATION_MAX_GRAPH_BYTES =
      Setting.ofLong("serialization_max_graph_bytes", 2L << 30);

  /** Values up to this size travel inline in replies; larger ones go to the node's object store (Ray: 100 KiB). */
  public static final Setting<Long> MAX_INLINE_OBJECT_BYTES = Setting.ofLong("max_inline_object_bytes", 100 * 1024);

  /**
   * Bytes of task specs an owner keeps to rebuild the lost values of the tasks it submitted (Ray's
   * max_lineage_bytes); past it the oldest lineage is dropped and those values can no longer be rebuilt.
   */
  public static final Setting<Long> MAX_LINEAGE_BYTES = Setting.ofLong("max_lineage_bytes", 1L << 30);
  /**
   * Whether owners keep the specs of finished tasks to rebuild lost values (Ray's lineage pinning); off, a lost
   * task return is unreconstructable. For measuring lineage's cost; keep it on.
   */
  public static final Setting<Boolean> LINEAGE_PINNING_ENABLED = Setting.ofBoolean("lineage_pinning_enabled", true);
  /**
   * Whether a task whose object-store arguments sit mostly on one node asks that node's raylet for its lease
   * first (Ray's locality_aware_leasing_enabled).
   */
  public static final Setting<Boolean> LOCALITY_AWARE_LEASING_ENABLED =
      Setting.ofBoolean("locality_aware_leasing_enabled", true);

  /** Extra JVM options for every daemon JVM (space separated). */
  public static final Setting<String> DAEMON_JVM_OPTIONS =
      Setting.ofString("daemon_jvm_options", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto");
  /** Heap cap of each daemon JVM. */
  public static final Setting<String> DAEMON_MAX_HEAP = Setting.ofString("daemon_max_heap", "512m");

  /** How long a driver keeps an idle worker lease for the next task of the same shape before returning it. */
  public static final Setting<Long> WORKER_LEASE_IDLE_MS = Setting.ofLong("worker_lease_idle_ms", 100);
  /**
   * Tasks a driver keeps in flight on one leased worker (Ray's max_tasks_in_flight_per_worker), while the
   * worker's recent tasks ran shorter than {@link #PIPELINED_TASK_MAX_US}; longer tasks go one at a time.
   */
  public static final Setting<Long> MAX_TASKS_IN_FLIGHT_PER_WORKER = Setting.ofLong("max_tasks_in_flight_per_worker", 16);
  /**
   * The hybrid scheduling policy packs a node until its most used resource passes this fraction, then spreads
   * (Ray's scheduler_spread_threshold).
   */
  public static final Setting<Double> SCHEDULER_SPREAD_THRESHOLD = Setting.ofDouble("scheduler_spread_threshold", 0.5);
  /**
   * host:port of an external scheduler service (the seed's protocol) the head's GCS hands placement decisions to;
   * empty: the built-in policy alone. {@code jray start --head --external-scheduler} sets it.
   */
  public static final Setting<String> EXTERNAL_SCHEDULER = Setting.ofString("external_scheduler", "");
  /** The longest the GCS waits for one external scheduler reply (connect included) before the built-in policy decides. */
  public static final Setting<Long> EXTERNAL_SCHEDULER_TIMEOUT_MS = Setting.ofLong("external_scheduler_timeout_ms", 500);
  /** The longest wait between two attempts to reach an external scheduler that failed (doubling from rpc_retry_base_ms). */
  public static final Setting<Long> EXTERNAL_SCHEDULER_RECONNECT_MAX_MS =
      Setting.ofLong("external_scheduler_reconnect_max_ms", 5000);
  /** Past the threshold, a random one of the least loaded nodes: this fraction of the nodes (Ray's scheduler_top_k_fraction). */
  public static final Setting<Double> SCHEDULER_TOP_K_FRACTION = Setting.ofDouble("scheduler_top_k_fraction", 0.2);
  /** ... and at least this many (Ray's scheduler_top_k_absolute). */
  public static final Setting<Long> SCHEDULER_TOP_K_ABSOLUTE = Setting.ofLong("scheduler_top_k_absolute", 1);
  /** Tasks that ran shorter than this (smoothed, per worker) are pipelined to it. */
  public static final Setting<Long> PIPELINED_TASK_MAX_US = Setting.ofLong("pipelined_task_max_us", 2000);
  /** How often every driver and worker reports its task events and owned objects to the GCS. */
  public static final Setting<Long> TASK_EVENTS_REPORT_INTERVAL_MS = Setting.ofLong("task_events_report_interval_ms", 1000);
  /** Tasks the GCS keeps for `jray list tasks` (the oldest are dropped first), as Ray's task_events_max_num_task_in_gcs. */
  public static final Setting<Long> TASK_EVENTS_MAX = Setting.ofLong("task_events_max", 10000);
  /** Owned objects one process reports at most (`jray list objects`). */
  public static final Setting<Long> REPORTED_OBJECTS_MAX = Setting.ofLong("reported_objects_max", 1000);
  /** Deadline of one lease request; a request still queued then is made again (and a warning logged). */
  public static final Setting<Long> LEASE_REQUEST_TIMEOUT_MS = Setting.ofLong("lease_request_timeout_ms", 10000);
  /**
   * Retries of a call whose peer did not answer (a lease request to a raylet, an actor's placement, an object
   * fetch from its owner, the object store's session): the first waits about this long, each next one twice as
   * long (with jitter), up to {@link #RPC_RETRY_MAX_MS}.
   */
  public static final Setting<Long> RPC_RETRY_BASE_MS = Setting.ofLong("rpc_retry_base_ms", 100);
  /** The longest wait between two retries of an unanswered call. */
  public static final Setting<Long> RPC_RETRY_MAX_MS = Setting.ofLong("rpc_retry_max_ms", 5000);
  /**
   * Unanswered calls in a row after which the peer counts as gone and the work waiting on it fails with a clear
   * error (about 20 s of retries with the defaults), instead of retrying forever.
   */
  public static final Setting<Integer> RPC_RETRY_ATTEMPTS = Setting.ofInt("rpc_retry_attempts", 8);
  /**
   * How long the object store keeps the pins of a client whose session stream broke, for the client to reconnect
   * (a live one does at once); then they are released and the objects it was still creating are reclaimed.
   */
  public static final Setting<Long> OBJECT_STORE_SESSION_GRACE_MS =
      Setting.ofLong("object_store_session_grace_ms", 10000);
  /** How long one GetObject call to an owner may wait before it is made again. */
  public static final Setting<Long> OBJECT_FETCH_POLL_MS = Setting.ofLong("object_fetch_poll_ms", 30000);
  /**
   * Where the raylet keeps the class-data archive (AppCDS) its worker JVMs map, made from a real worker's classes
   * (empty: {@code ~/.jray/cds}; {@code off}: workers start without one).
   */
  public static final Setting<String> WORKER_CLASS_ARCHIVE_DIR = Setting.ofString("worker_class_archive_dir", "");
  /** JVM options of worker JVMs (space separated). */
  public static final Setting<String> WORKER_JVM_OPTIONS = Setting.ofString("worker_jvm_options", "-Xshare:auto -XX:+UseParallelGC");
  /**
   * Classpath entries (jars or class folders, separated by the path separator) a driver ships to its job's
   * workers besides its own classpath (Ray: ray.job.code-search-path).
   */
  public static final Setting<String> JOB_CODE_SEARCH_PATH = Setting.ofString("job_code_search_path", "");
  /**
   * Worker JVMs each raylet keeps started ahead of demand, bound to no job: a lease of a job that sets no JVM options
   * and no environment variables of its own takes one (its code then goes into a class loader of the worker's own),
   * and another is started in its place. Negative: the node's CPU count; 0: none (every job's workers start for it).
   */
  public static final Setting<Integer> WARM_WORKERS = Setting.ofInt("warm_workers", -1);
  /** How long a worker JVM may take to register with its raylet before it is killed. */
  public static final Setting<Long> WORKER_REGISTER_TIMEOUT_MS = Setting.ofLong("worker_register_timeout_ms", 60000);

  /** How often the GCS tries again to place the placement groups that did not fit (also at once when a node joins). */
  public static final Setting<Long> PLACEMENT_GROUP_RETRY_MS = Setting.ofLong("placement_group_retry_ms", 500);
  /** Removed placement groups the GCS keeps listing (the oldest are forgotten first). */
  public static final Setting<Long> REMOVED_PLACEMENT_GROUPS_KEPT = Setting.ofLong("removed_placement_groups_kept", 1000);

  /** Where {@code jray up} records each cluster's state ({@code <name>.json}); empty means ~/.jray/clusters. */
  public static final Setting<String> CLUSTERS_DIR = Setting.ofString("clusters_dir", "");
  /** How long the SSH cluster launcher waits for a host to accept a connection and finish the SSH handshake. */
  public static final Setting<Long> SSH_CONNECT_TIMEOUT_MS = Setting.ofLong("ssh_connect_timeout_ms", 15000);
  /** How often a raylet looks for new lines of a log file that 'jray logs --follow' streams. */
  public static final Setting<Long> LOG_FOLLOW_POLL_MS = Setting.ofLong("log_follow_poll_ms", 250);
  /**
   * Whether a driver prints what its job's workers write to stdout and stderr, each line prefixed with the task
   * or actor, pid and node (Ray: log_to_driver, on by default). A worker's log file gets its output either way.
   */
  public static final Setting<Boolean> LOG_TO_DRIVER = Setting.ofBoolean("log_to_driver", true);
  /** Whether the driver folds a line repeated by many workers into one with a count (Ray: RAY_DEDUP_LOGS). */
  public static final Setting<Boolean> DEDUP_LOGS = Setting.ofBoolean("dedup_logs", true);
  /** Seconds over which repeats of a line are counted before the count is printed (Ray: RAY_DEDUP_LOGS_AGG_WINDOW_S). */
  public static final Setting<Double> DEDUP_LOGS_AGG_WINDOW_S = Setting.ofDouble("dedup_logs_agg_window_s", 5);
  /** How long 'jray shell' reuses the node ids, job ids and actor names it fetched for tab completion. */
  public static final Setting<Long> SHELL_COMPLETION_CACHE_MS = Setting.ofLong("shell_completion_cache_ms", 5000);

  /**
   * Mutual TLS on every gRPC connection (Ray: RAY_USE_TLS). With it on alone, the three files below default to
   * {@code ~/.jray/tls/server.crt}, {@code server.key} and {@code ca.crt}, as {@code jray tls init} writes them.
   */
  public static final Setting<Boolean> USE_TLS = Setting.ofBoolean("use_tls", false);
  /** The certificate every node and client presents, PEM (Ray: RAY_TLS_SERVER_CERT). */
  public static final Setting<String> TLS_SERVER_CERT = Setting.ofString("tls_server_cert", "");
  /** The private key of that certificate, PEM PKCS#8 (Ray: RAY_TLS_SERVER_KEY). */
  public static final Setting<String> TLS_SERVER_KEY = Setting.ofString("tls_server_key", "");
  /** The cluster CA's certificate, PEM: the only issuer trusted for peers (Ray: RAY_TLS_CA_CERT). */
  public static final Setting<String> TLS_CA_CERT = Setting.ofString("tls_ca_cert", "");

  /** The -Djray.* overrides of this JVM as JVM flags, so the processes it starts see the same settings. */
  public static List<String> overridesAsJvmFlags() {
    List<String> flags = new java.util.ArrayList<>();
    for (Setting<?> s : all()) {
      String value = System.getProperty(s.propertyName());
      if (value != null) {
        flags.add("-D" + s.propertyName() + "=" + value);
      }
    }
    return flags;
  }

  /** {@link #RUN_MODE}, with {@code -Djray.run-mode} (Ray's spelling) taking precedence. */
  public static String runMode() {
    String dashed = System.getProperty("jray.run-mode");
    return (dashed != null && !dashed.isBlank() ? dashed : RUN_MODE.get()).trim();
  }

  /** {@link #LOGGING_LEVEL} as a java.util.logging level; an unknown name is INFO. */
  public static java.util.logging.Level loggingLevel() {
    return switch (LOGGING_LEVEL.get().trim().toLowerCase(java.util.Locale.ROOT)) {
      case "debug" -> java.util.logging.Level.FINE;
      case "warning", "warn" -> java.util.logging.Level.WARNING;
      case "error", "critical" -> java.util.logging.Level.SEVERE;
      default -> java.util.logging.Level.INFO;
    };
  }

  /** All settings, for documentation and {@code jray status -v}. */
  public static List<Setting<?>> all() {
    return List.of(HEALTH_CHECK_PERIOD_MS, HEALTH_CHECK_TIMEOUT_MS, HEALTH_CHECK_FAILURE_THRESHOLD,
        HEALTH_CHECK_INITIAL_DELAY_MS, RPC_TIMEOUT_MS, GCS_CONNECT_TIMEOUT_MS, GCS_RECONNECT_TIMEOUT_MS,
        DAEMON_START_TIMEOUT_MS,
        PROCESS_WATCH_PERIOD_MS, RESOURCE_REPORT_PERIOD_MS, RESOURCE_REPORT_KEEPALIVE_MS, STOP_GRACE_PERIOD_S, OBJECT_STORE_MEMORY_FRACTION,
        SHM_DIR, DAEMON_JVM_OPTIONS, DAEMON_MAX_HEAP, WORKER_LEASE_IDLE_MS, MAX_TASKS_IN_FLIGHT_PER_WORKER,
        PIPELINED_TASK_MAX_US, SCHEDULER_SPREAD_THRESHOLD, SCHEDULER_TOP_K_FRACTION, SCHEDULER_TOP_K_ABSOLUTE,
        TASK_EVENTS_REPORT_INTERVAL_MS, TASK_EVENTS_MAX, REPORTED_OBJECTS_MAX,
        LEASE_REQUEST_TIMEOUT_MS, RPC_RETRY_BASE_MS, RPC_RETRY_MAX_MS, RPC_RETRY_ATTEMPTS,
        OBJECT_STORE_SESSION_GRACE_MS,
        OBJECT_FETCH_POLL_MS, WORKER_JVM_OPTIONS, WORKER_CLASS_ARCHIVE_DIR, JOB_CODE_SEARCH_PATH, WARM_WORKERS, WORKER_REGISTER_TIMEOUT_MS, OBJECT_STORE_ARENA_CHUNK_BYTES,
        OBJECT_STORE_PREFAULT_BYTES, OBJECT_STORE_COLLECT_FRACTION, OBJECT_STORE_COLLECT_INTERVAL_MS,
        OBJECT_TRANSFER_CHUNK_BYTES, OBJECT_PULL_TIMEOUT_MS, MAX_INLINE_OBJECT_BYTES, MAX_LINEAGE_BYTES,
        LINEAGE_PINNING_ENABLED, LOCALITY_AWARE_LEASING_ENABLED,
        PACKAGE_CHUNK_BYTES, PACKAGE_TRANSFER_TIMEOUT_MS, CLUSTERS_DIR, SSH_CONNECT_TIMEOUT_MS,
        LOG_FOLLOW_POLL_MS, LOG_TO_DRIVER, DEDUP_LOGS, DEDUP_LOGS_AGG_WINDOW_S, SHELL_COMPLETION_CACHE_MS, PLACEMENT_GROUP_RETRY_MS, REMOVED_PLACEMENT_GROUPS_KEPT,
        USE_TLS, TLS_SERVER_CERT, TLS_SERVER_KEY, TLS_CA_CERT,
        RPC_MAX_MESSAGE_BYTES, KV_MAX_VALUE_BYTES, PACKAGE_MAX_BYTES, SERIALIZATION_ALLOWED_CLASSES,
        SERIALIZATION_MAX_GRAPH_BYTES, DRIVER_RECONNECT_TIMEOUT_MS, EXTERNAL_STORAGE_NAMESPACE,
        STORAGE_WRITE_TIMEOUT_MS, STORAGE_LOG_COMPACT_BYTES, GCS_RESTARTS_PER_MINUTE, LOGGING_LEVEL, RUN_MODE,
        EXTERNAL_SCHEDULER, EXTERNAL_SCHEDULER_TIMEOUT_MS, EXTERNAL_SCHEDULER_RECONNECT_MAX_MS,
        DASHBOARD_PORT, DASHBOARD_SESSION_TTL_MS, ROTATION_MAX_BYTES, ROTATION_BACKUP_COUNT,
        METRICS_REPORT_INTERVAL_MS, METRICS_TASK_REPORT_DELAY_MS);
  }
}
