package io.jray.gcs;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jray.gcs.storage.Change;
import io.jray.gcs.storage.StoredTables;
import io.jray.gcs.storage.Table;
import io.jray.gcs.storage.TableStorage;
import io.jray.proto.Address;
import io.jray.proto.JobInfo;
import io.jray.proto.JobState;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.LocalAddresses;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The GCS's job table: a job per connected driver, numbered from 1 as Ray's are, written to the table storage
 * before it is acknowledged. A job ends when its driver says so ({@code MarkJobFinished}), or when its driver's
 * registration stream broke and the driver did not come back: at once when the driver ran on this host and its
 * process is gone, else after {@code driver_reconnect_timeout_ms}. A driver whose stream broke for a moment (a
 * blip, a GCS restart) resumes its job by registering again with its id. Synchronized; small.
 */
public final class JobManager {
  private static final Logger LOG = Logger.getLogger(JobManager.class.getName());
  private static final long WATCH_MS = 200;

  private final Map<ByteString, JobInfo> jobs = new LinkedHashMap<>();
  /** Per running job, which registration stream is its driver's current one (bumped by every attach). */
  private final Map<ByteString, Integer> attachments = new HashMap<>();
  private final TableStorage storage;
  private final ScheduledExecutorService timers;
  private final List<Consumer<ByteString>> finishListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private int nextJob = 1;

  public JobManager(TableStorage storage, StoredTables loaded, ScheduledExecutorService timers) {
    this.storage = storage;
    this.timers = timers;
    for (ByteString bytes : loaded.rows(Table.JOBS).values()) {
      try {
        JobInfo job = JobInfo.parseFrom(bytes);
        jobs.put(job.getJobId(), job);
        nextJob = Math.max(nextJob, number(job.getJobId()) + 1);
      } catch (InvalidProtocolBufferException e) {
        LOG.warning("skipping a job row the storage holds that does not parse: " + e.getMessage());
      }
    }
  }

  /**
   * The jobs that were running when the GCS went down wait for their drivers to come back; those that had finished
   * are finished again for the listeners (idempotent), in case the GCS died before it ended their actors and groups.
   */
  public void start() {
    List<ByteString> finished;
    synchronized (this) {
      finished = jobs.values().stream().filter(j -> j.getState() == JobState.JOB_FINISHED).map(JobInfo::getJobId)
          .toList();
      watchRunning();
    }
    finished.forEach(id -> finishListeners.forEach(l -> l.accept(id)));
  }

  private void watchRunning() {
    for (JobInfo job : jobs.values()) {
      // A driver that came back before this ran (the port opens first) holds a newer attachment: keep it.
      if (job.getState() == JobState.JOB_RUNNING && attachments.putIfAbsent(job.getJobId(), 0) == null) {
        LOG.info("job job=" + NodeManager.hex(job.getJobId()) + " was running: waiting for its driver pid="
            + job.getDriverPid() + " to come back");
        watchLostDriver(job.getJobId(), 0, System.currentTimeMillis());
      }
    }
  }

  /** Called with a job's id when it finishes (its non-detached actors end with it). */
  public void onFinish(Consumer<ByteString> listener) {
    finishListeners.add(listener);
  }

  public synchronized String namespace(ByteString id) {
    JobInfo job = jobs.get(id);
    return job == null ? "" : job.getNamespace();
  }

  /** A new driver's job; returns its id and which attachment its stream is. */
  public synchronized ByteString addJob(Address driver, long driverPid, String requestedNamespace,
      String submissionId) {
    String namespace = requestedNamespace.isEmpty() ? java.util.UUID.randomUUID().toString() : requestedNamespace;
    ByteString id = ByteString.copyFrom(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(nextJob).array());
    JobInfo job = JobInfo.newBuilder().setJobId(id).setState(JobState.JOB_RUNNING).setDriverAddress(driver)
        .setDriverPid(driverPid).setNamespace(namespace).setStartTimeMs(System.currentTimeMillis())
        .setSubmissionId(submissionId).build();
    storage.write(Change.put(Table.JOBS, id, job));
    nextJob++;
    jobs.put(id, job);
    attachments.put(id, 1);
    LOG.info("job started job=" + NodeManager.hex(id) + " driver_pid=" + driverPid);
    return id;
  }

  /** The attachment number of the job's current driver stream. */
  public synchronized int attachment(ByteString id) {
    return attachments.getOrDefault(id, 0);
  }

  /**
   * A driver whose stream broke comes back: its job goes on if it is still running (empty otherwise, and the
   * driver must end).
   */
  public synchronized Optional<JobInfo> resume(ByteString id, Address driver) {
    JobInfo job = jobs.get(id);
    if (job == null || job.getState() != JobState.JOB_RUNNING) {
      return Optional.empty();
    }
    if (!job.getDriverAddress().equals(driver)) {
      job = job.toBuilder().setDriverAddress(driver).build();
      storage.write(Change.put(Table.JOBS, id, job));
      jobs.put(id, job);
    }
    attachments.merge(id, 1, Integer::sum);
    LOG.info("job resumed job=" + NodeManager.hex(id) + ": its driver came back");
    return Optional.of(job);
  }

  /**
   * The driver's stream {@code attachment} ended. Unless the driver comes back (a newer attachment), its job
   * ends when its process is gone (a driver on this host) or after {@code driver_reconnect_timeout_ms}.
   */
  public synchronized void streamLost(ByteString id, int attachment) {
    if (attachments.getOrDefault(id, -1) != attachment) {
      return;
    }
    watchLostDriver(id, attachment, System.currentTimeMillis());
  }

  private void watchLostDriver(ByteString id, int attachment, long lostAtMs) {
    timers.schedule(() -> checkLostDriver(id, attachment, lostAtMs), WATCH_MS, TimeUnit.MILLISECONDS);
  }

  private void checkLostDriver(ByteString id, int attachment, long lostAtMs) {
    String why;
    synchronized (this) {
      JobInfo job = jobs.get(id);
      if (job == null || job.getState() != JobState.JOB_RUNNING || attachments.getOrDefault(id, -1) != attachment) {
        return; // ended, or its driver came back
      }
      long waited = System.currentTimeMillis() - lostAtMs;
      boolean local = LocalAddresses.isLocal(job.getDriverAddress().getIp());
      if (local && ProcessHandle.of(job.getDriverPid()).map(p -> !p.isAlive()).orElse(true)) {
        why = "its driver process " + job.getDriverPid() + " is gone";
      } else if (waited > JrayConfig.DRIVER_RECONNECT_TIMEOUT_MS.get()) {
        why = "its driver did not come back within " + waited / 1000 + " s (driver_reconnect_timeout_ms)";
      } else {
        watchLostDriver(id, attachment, lostAtMs);
        return;
      }
    }
    finish(id, why);
  }

  /** The driver ended its job (MarkJobFinished), or it is gone. */
  public void finish(ByteString id, String why) {
    synchronized (this) {
      JobInfo job = jobs.get(id);
      if (job == null || job.getState() != JobState.JOB_RUNNING) {
        return;
      }
      JobInfo finished = job.toBuilder().setState(JobState.JOB_FINISHED).setEndTimeMs(System.currentTimeMillis())
          .build();
      storage.write(Change.put(Table.JOBS, id, finished));
      jobs.put(id, finished);
      attachments.remove(id);
    }
    LOG.info("job finished job=" + NodeManager.hex(id) + " because " + why);
    finishListeners.forEach(l -> l.accept(id));
  }

  public synchronized List<JobInfo> all() {
    return new ArrayList<>(jobs.values());
  }

  private static int number(ByteString id) {
    return id.size() < 4 ? 0 : ByteBuffer.wrap(id.toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }
}
