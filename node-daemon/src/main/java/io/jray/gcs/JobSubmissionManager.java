package io.jray.gcs;

import io.jray.runtime.process.JvmFlags;
import io.grpc.Status;
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
 * every job's record (state, times, exit code) after its driver exits. Synchronized; small.
 */
public final class JobSubmissionManager implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(JobSubmissionManager.class.getName());

  private final PackageStore packages;
  private final Path logsDir;
  private final String gcsAddress;
  private final AuthToken token;
  private final Map<String, JobSubmission.Builder> jobs = new LinkedHashMap<>();
  private final Map<String, Process> drivers = new LinkedHashMap<>();

  public JobSubmissionManager(Path sessionDir, PackageStore packages, String gcsAddress, AuthToken token) {
    this.packages = packages;
    this.logsDir = sessionDir.resolve("logs");
    this.gcsAddress = gcsAddress;
    this.token = token;
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
    List<String> command = new ArrayList<>();
    command.addAll(JvmFlags.javaCommand());
    command.addAll(request.getJvmOptionsList());
    command.add("-cp");
    command.add(System.getProperty("java.class.path") + File.pathSeparator + jar);
    command.add(mainClass);
    command.addAll(request.getArgsList());
    Path log = logsDir.resolve("job-driver-" + id + ".log");
    String entrypoint = request.getPackageName() + " " + mainClass
        + (request.getArgsCount() == 0 ? "" : " " + String.join(" ", request.getArgsList()));
    JobSubmission.Builder job = JobSubmission.newBuilder().setSubmissionId(id).setState(SubmissionState.PENDING)
        .setEntrypoint(entrypoint).setStartTimeMs(System.currentTimeMillis()).setLogPath(log.toString());
    jobs.put(id, job);
    try {
      // The log holds the job's arguments and output: 0600, like every file of the session.
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(PrivateFiles.logFile(log));
      builder.environment().putAll(request.getEnvMap());
      builder.environment().put(ClusterAddress.ENV_ADDRESS, gcsAddress);
      builder.environment().put(AuthToken.ENV_TOKEN, token.value());
      Process driver = builder.start();
      drivers.put(id, driver);
      job.setState(SubmissionState.RUNNING).setDriverPid(driver.pid());
      driver.onExit().thenAccept(p -> exited(id, p.exitValue()));
    } catch (IOException e) {
      job.setState(SubmissionState.FAILED).setMessage("The driver could not start: " + e.getMessage())
          .setEndTimeMs(System.currentTimeMillis());
    }
    LOG.info("job submitted id=" + id + " entrypoint=" + entrypoint);
    return job.build();
  }

  private synchronized void exited(String id, int exitCode) {
    JobSubmission.Builder job = jobs.get(id);
    drivers.remove(id);
    job.setExitCode(exitCode).setEndTimeMs(System.currentTimeMillis());
    if (job.getState() == SubmissionState.STOPPED) {
      job.setMessage("Stopped by 'jray job stop'.");
    } else if (exitCode == 0) {
      job.setState(SubmissionState.SUCCEEDED).setMessage("The driver exited with code 0.");
    } else {
      job.setState(SubmissionState.FAILED).setMessage("The driver exited with code " + exitCode + ".");
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
    Process driver;
    synchronized (this) {
      JobSubmission job = get(id);
      driver = drivers.get(id);
      if (driver == null || job.getState() != SubmissionState.RUNNING) {
        return false;
      }
      jobs.get(id).setState(SubmissionState.STOPPED);
    }
    driver.destroy();
    return true;
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
    drivers.values().forEach(Process::destroy);
  }
}
