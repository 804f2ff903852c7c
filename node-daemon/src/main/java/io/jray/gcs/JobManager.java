package io.jray.gcs;

import com.google.protobuf.ByteString;
import io.jray.proto.Address;
import io.jray.proto.JobInfo;
import io.jray.proto.JobState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/** The GCS's job table: a job per connected driver, numbered from 1 as Ray's are. Synchronized; small. */
public final class JobManager {
  private static final Logger LOG = Logger.getLogger(JobManager.class.getName());

  private final Map<ByteString, JobInfo> jobs = new LinkedHashMap<>();
  private int nextJob = 1;
  private final List<java.util.function.Consumer<ByteString>> finishListeners = new java.util.ArrayList<>();

  /** Called with a job's id when it finishes (its non-detached actors end with it). */
  public synchronized void onFinish(java.util.function.Consumer<ByteString> listener) {
    finishListeners.add(listener);
  }

  public synchronized String namespace(ByteString id) {
    JobInfo job = jobs.get(id);
    return job == null ? "" : job.getNamespace();
  }

  /** Adds a job; a driver that sets no namespace gets an anonymous one of its own, as in Ray. */
  public synchronized ByteString addJob(Address driver, long driverPid, String requestedNamespace) {
    String namespace = requestedNamespace.isEmpty() ? java.util.UUID.randomUUID().toString() : requestedNamespace;
    ByteString id = ByteString.copyFrom(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(nextJob++).array());
    jobs.put(id, JobInfo.newBuilder().setJobId(id).setState(JobState.JOB_RUNNING).setDriverAddress(driver)
        .setDriverPid(driverPid).setNamespace(namespace).setStartTimeMs(System.currentTimeMillis()).build());
    LOG.info("job started job=" + NodeManager.hex(id) + " driver_pid=" + driverPid);
    return id;
  }

  public synchronized void finish(ByteString id) {
    JobInfo job = jobs.get(id);
    if (job != null && job.getState() == JobState.JOB_RUNNING) {
      jobs.put(id, job.toBuilder().setState(JobState.JOB_FINISHED).setEndTimeMs(System.currentTimeMillis()).build());
      LOG.info("job finished job=" + NodeManager.hex(id));
      finishListeners.forEach(l -> l.accept(id));
    }
  }

  public synchronized List<JobInfo> all() {
    return List.copyOf(jobs.values());
  }
}
