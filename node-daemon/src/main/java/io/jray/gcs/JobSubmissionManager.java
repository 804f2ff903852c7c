package io.jray.gcs;

import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.process.JvmFlags;
import io.grpc.Status;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jray.gcs.storage.Change;
import io.jray.gcs.storage.StoredTables;
import io.jray.gcs.storage.Table;
import io.jray.gcs.storage.TableStorage;
import io.jray.runtime.process.ProcessRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import io.jray.proto.JobSubmission;
import io.jray.proto.SubmissionState;
import io.jray.proto.SubmitJobRequest;
import io.jray.runtime.cluster.ClusterAddress;
import io.jray.runtime.files.PrivateFiles;
import io.jray.runtime.rpc.AuthToken;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.jar.JarFile;
import java.util.logging.Logger;

/**
 * Runs submitted jobs (Ray's job manager): each a driver JVM on the head with jray's jars and the job's jar on
 * its classpath and {@code JRAY_ADDRESS} pointing here, logging to {@code logs/job-driver-<id>.log}. Keeps
 * every job's record (state, times, exit code) after its driver exits, in the table storage. A driver is not
 * the GCS's casualty: it writes straight to its log file, and a small shell wrapper records its exit code in
 * {@code job-driver-<id>.exit}, so a GCS that came back adopts the drivers still running and learns how the
 * others ended. Synchronized; small.
 */
public final class JobSubmissionManager implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(JobSubmissionManager.class.getName());

  private final PackageStore packages;
  private final Path logsDir;
  private final String gcsAddress;
  private final AuthToken token;
  private final Map<String, JobSubmission.Builder> jobs = new LinkedHashMap<>();
  private final Map<String, ProcessHandle> drivers = new LinkedHashMap<>();
  private final TableStorage storage;
  /** Tells a submitted driver which submission it is: its job then names it, and 'jray list jobs' joins the two. */
  public static final String ENV_SUBMISSION_ID = "JRAY_JOB_SUBMISSION_ID";

  /**
   * Runs the driver ({@code "$@"}) in the background so that a SIGTERM ('jray job stop') reaches it, waits for it,
   * and writes its exit status to the file named first (0600, as every file of the session), atomically.
   */
  private static final String WRAPPER = "f=\"$1\"; shift; c=''\n"
      + "trap 't=1; [ -n \"$c\" ] && kill -TERM \"$c\" 2>/dev/null' TERM INT\n"
      + "\"$@\" & c=$!\n"
      + "[ -n \"$t\" ] && kill -TERM \"$c\" 2>/dev/null\n"
      + "while :; do wait \"$c\"; s=$?; kill -0 \"$c\" 2>/dev/null || break; done\n"
      + "(umask 077; printf '%s\\n' \"$s\" > \"$f.tmp\") && mv \"$f.tmp\" \"$f\"\n"
      + "exit \"$s\"\n";

  public JobSubmissionManager(Path sessionDir, PackageStore packages, String gcsAddress, AuthToken token,
      TableStorage storage, StoredTables loaded) {
    this.packages = packages;
    this.logsDir = sessionDir.resolve("logs");
    this.gcsAddress = gcsAddress;
    this.token = token;
    this.storage = storage;
    for (ByteString bytes : loaded.rows(Table.JOB_SUBMISSIONS).values()) {
      try {
        JobSubmission job = JobSubmission.parseFrom(bytes);
        jobs.put(job.getSubmissionId(), job.toBuilder());
      } catch (InvalidProtocolBufferException e) {
        LOG.warning("skipping a job submission row the storage holds that does not parse: " + e.getMessage());
      }
    }
  }

  /** Adopts the drivers a previous GCS started that still run, and records how the others ended. */
  public synchronized void start() {
    for (JobSubmission.Builder job : jobs.values()) {
      if (job.getState() != SubmissionState.RUNNING && job.getState() != SubmissionState.STOPPED
          || job.getEndTimeMs() > 0) {
        continue;
      }
      String id = job.getSubmissionId();
      ProcessRecord record = new ProcessRecord(job.getDriverPid(), job.getDriverStartTicks());
      var handle = record.isAlive() ? ProcessHandle.of(record.pid()) : java.util.Optional.<ProcessHandle>empty();
      if (handle.isPresent()) {
        drivers.put(id, handle.get());
        handle.get().onExit().thenAccept(p -> exited(id, exitCodeFromFile(id)));
        LOG.info("job adopted id=" + id + " driver_pid=" + record.pid());
      } else {
        exitedLocked(id, exitCodeFromFile(id));
      }
    }
  }

  private Path exitFile(String id) {
    return logsDir.resolve("job-driver-" + id + ".exit");
  }

  /** The exit code the wrapper recorded; -1 when it recorded none (the wrapper itself was killed). */
  private int exitCodeFromFile(String id) {
    try {
      return Integer.parseInt(Files.readString(exitFile(id), StandardCharsets.UTF_8).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  private void persist(JobSubmission.Builder job) {
    storage.write(Change.put(Table.JOB_SUBMISSIONS, ByteString.copyFromUtf8(job.getSubmissionId()), job.build()));
  }

  public synchronized JobSubmission submit(SubmitJobRequest request) {
    String id = request.getSubmissionId().isEmpty() ? newId() : request.getSubmissionId();
    if (!id.matches("[A-Za-z0-9_.-]{1,100}")) {
      throw invalid("The job id '" + id + "' may only hold letters, digits, '_', '.' and '-'.");
    }
    if (jobs.containsKey(id)) {
      throw Status.ALREADY_EXISTS.withDescription("A job with id '" + id + "' already exists; choose another --job-id.")
          .asRuntimeException();
    }
    Path jar = packages.path(request.getPackageSha256());
    if (!packages.stored(request.getPackageSha256())) {
      throw invalid("The job's jar was not uploaded (sha256 " + request.getPackageSha256() + ").");
    }
    String mainClass = request.getMainClass();
    try (JarFile file = new JarFile(jar.toFile())) {
      if (mainClass.isEmpty() && file.getManifest() != null) {
        String declared = file.getManifest().getMainAttributes().getValue("Main-Class");
        mainClass = declared == null ? "" : declared.trim();
      }
    } catch (IOException e) {
      throw invalid(request.getPackageName() + " is not a jar file (" + e.getMessage() + ").");
    }
    if (mainClass.isEmpty()) {
      throw invalid(request.getPackageName() + " names no Main-Class in its manifest; pass --main-class.");
    }
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, "jray-driver", exitFile(id).toString()));
    command.addAll(JvmFlags.javaCommand());
    // What 'jray classpath' prints (in a distribution: not the CLI's libraries), with the drivers' class-data archive
    // once a raylet made it; the job's own JVM options after, so they win.
    String jray = io.jray.node.DriverClasspath.ofThisDistribution().orElse(System.getProperty("java.class.path"));
    command.addAll(io.jray.raylet.DriverClassArchive.flags(JrayConfig.WORKER_CLASS_ARCHIVE_DIR.get(), jray));
    command.addAll(request.getJvmOptionsList());
    command.add("-cp");
    command.add(jray + File.pathSeparator + jar);
    command.add(mainClass);
    command.addAll(request.getArgsList());
    Path log = logsDir.resolve("job-driver-" + id + ".log");
    String entrypoint = !request.getEntrypoint().isEmpty() ? request.getEntrypoint()
        : request.getPackageName() + " " + mainClass
            + (request.getArgsCount() == 0 ? "" : " " + String.join(" ", request.getArgsList()));
    JobSubmission.Builder job = JobSubmission.newBuilder().setSubmissionId(id).setState(SubmissionState.PENDING)
        .setEntrypoint(entrypoint).setStartTimeMs(System.currentTimeMillis()).setLogPath(log.toString())
        .putAllMetadata(request.getMetadataMap());
    try {
      // The log holds the job's arguments and output: 0600, like every file of the session.
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(PrivateFiles.logFile(log));
      builder.environment().putAll(request.getEnvMap());
      builder.environment().put(ClusterAddress.ENV_ADDRESS, gcsAddress);
      builder.environment().put(AuthToken.ENV_TOKEN, token.value());
      builder.environment().put(ENV_SUBMISSION_ID, id);
      Process driver = builder.start();
      drivers.put(id, driver.toHandle());
      job.setState(SubmissionState.RUNNING).setDriverPid(driver.pid())
          .setDriverStartTicks(ProcessRecord.startTicksOf(driver.pid()).orElse(-1L));
      jobs.put(id, job);
      persist(job);
      driver.onExit().thenAccept(p -> exited(id, p.exitValue()));
    } catch (IOException e) {
      job.setState(SubmissionState.FAILED).setMessage("The driver could not start: " + e.getMessage())
          .setEndTimeMs(System.currentTimeMillis());
      jobs.put(id, job);
      persist(job);
    }
    LOG.info("job submitted id=" + id + " entrypoint=" + entrypoint);
    return job.build();
  }

  private synchronized void exited(String id, int exitCode) {
    exitedLocked(id, exitCode);
  }

  private void exitedLocked(String id, int exitCode) {
    JobSubmission.Builder job = jobs.get(id);
    drivers.remove(id);
    job.setExitCode(exitCode).setEndTimeMs(System.currentTimeMillis());
    if (job.getState() == SubmissionState.STOPPED) {
      job.setMessage("Stopped by 'jray job stop'.");
    } else if (exitCode == -1) {
      job.setState(SubmissionState.FAILED).setMessage("The driver ended while the GCS was down, and how is not known.");
    } else if (exitCode == 0) {
      job.setState(SubmissionState.SUCCEEDED).setMessage("The driver exited with code 0.");
    } else {
      job.setState(SubmissionState.FAILED).setMessage("The driver exited with code " + exitCode + ".");
    }
    try {
      persist(job);
    } catch (RuntimeException e) {
      LOG.warning("could not record the end of job " + id + ": " + e.getMessage());
    }
    LOG.info("job ended id=" + id + " state=" + job.getState() + " exit=" + exitCode);
  }

  public synchronized JobSubmission get(String id) {
    JobSubmission.Builder job = jobs.get(id);
    if (job == null) {
      throw Status.NOT_FOUND.withDescription("No job with id '" + id + "'; 'jray job list' shows the jobs.")
          .asRuntimeException();
    }
    return job.build();
  }

  public synchronized List<JobSubmission> all() {
    return jobs.values().stream().map(JobSubmission.Builder::build).toList();
  }

  /** Stops a running job's driver; its workers and actors end with its job. */
  public boolean stop(String id) {
    ProcessHandle driver;
    synchronized (this) {
      JobSubmission job = get(id);
      driver = drivers.get(id);
      if (driver == null || job.getState() != SubmissionState.RUNNING) {
        return false;
      }
      jobs.get(id).setState(SubmissionState.STOPPED);
      persist(jobs.get(id));
    }
    driver.destroy();
    return true;
  }

  /**
   * Forgets an ended job: its record and its log (Ray's {@code DELETE /api/jobs/{id}}). FAILED_PRECONDITION while
   * its driver runs.
   */
  public synchronized void delete(String id) {
    JobSubmission job = get(id);
    if (drivers.containsKey(id) || job.getEndTimeMs() == 0) {
      throw Status.FAILED_PRECONDITION.withDescription("The job '" + id + "' is still " + job.getState()
          + "; stop it first, then delete it.").asRuntimeException();
    }
    storage.write(Change.delete(Table.JOB_SUBMISSIONS, ByteString.copyFromUtf8(id)));
    jobs.remove(id);
    try {
      Files.deleteIfExists(Path.of(job.getLogPath()));
      Files.deleteIfExists(exitFile(id));
    } catch (IOException e) {
      LOG.warning("could not delete the log of job " + id + ": " + e.getMessage());
    }
    LOG.info("job deleted id=" + id);
  }

  /** Up to 1 MiB of the job's log from {@code offset}. */
  public byte[] logs(String id, long offset) {
    Path log = Path.of(get(id).getLogPath());
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      if (offset >= length) {
        return new byte[0];
      }
      byte[] data = new byte[(int) Math.min(1 << 20, length - offset)];
      file.seek(offset);
      file.readFully(data);
      return data;
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static String newId() {
    byte[] bits = new byte[8];
    ThreadLocalRandom.current().nextBytes(bits);
    return "jraysubmit_" + HexFormat.of().formatHex(bits);
  }

  private static RuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  /** The head is going away: its drivers go with it. */
  @Override
  public synchronized void close() {
    drivers.values().forEach(ProcessHandle::destroy);
  }
}
