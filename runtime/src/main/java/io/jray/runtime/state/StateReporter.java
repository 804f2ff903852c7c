package io.jray.runtime.state;

import com.google.protobuf.ByteString;
import io.jray.proto.AddTaskEventsRequest;
import io.jray.proto.Address;
import io.jray.proto.OwnedObject;
import io.jray.proto.TaskEvent;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.gcs.GcsClient;
import io.jray.runtime.object.MemoryStore;
import io.jray.runtime.object.ReferenceCounter;
import io.jray.runtime.object.StoredObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Sends the GCS, every report interval, this process's task events and the objects it owns (what
 * `jray list tasks|objects` shows). While it owns objects it reports every interval, which is also how the GCS
 * knows the list is still live; with no events and no objects it stays quiet. Runs on the given timer.
 */
public final class StateReporter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(StateReporter.class.getName());

  private final GcsClient gcs;
  private final TaskEventBuffer events;
  private final MemoryStore store;
  private final ReferenceCounter refs;
  private final Supplier<ByteString> jobId;
  private final Address self;
  private final ByteString nodeId;
  private final ScheduledFuture<?> schedule;
  private boolean reportedObjects;

  public StateReporter(GcsClient gcs, TaskEventBuffer events, MemoryStore store, ReferenceCounter refs,
      Supplier<ByteString> jobId, Address self, ByteString nodeId, ScheduledExecutorService timer) {
    this.gcs = gcs;
    this.events = events;
    this.store = store;
    this.refs = refs;
    this.jobId = jobId;
    this.self = self;
    this.nodeId = nodeId;
    long period = JrayConfig.TASK_EVENTS_REPORT_INTERVAL_MS.get();
    this.schedule = timer.scheduleWithFixedDelay(this::report, period, period, TimeUnit.MILLISECONDS);
  }

  private java.util.concurrent.Future<?> report() {
    try {
      List<TaskEvent> changed = events.drain();
      boolean anyObjects = store.size() > 0;
      if (changed.isEmpty() && !anyObjects && !reportedObjects) {
        return null;
      }
      reportedObjects = anyObjects;
      AddTaskEventsRequest.Builder request = AddTaskEventsRequest.newBuilder()
          .setReporter(self).setPid(ProcessHandle.current().pid()).setNodeId(nodeId).addAllEvents(changed)
          .setObjectsTotal(store.size());
      ByteString job = jobId.get();
      if (job != null) {
        request.setJobId(job);
      }
      int cap = (int) (long) JrayConfig.REPORTED_OBJECTS_MAX.get();
      store.forEach((id, future) -> {
        if (request.getObjectsCount() < cap) {
          request.addObjects(describe(id, future));
        }
      });
      return gcs.addTaskEvents(request.build());
    } catch (RuntimeException e) {
      LOG.fine("reporting task events failed: " + e);
      return null;
    }
  }

  private OwnedObject describe(ByteString id, CompletableFuture<StoredObject> future) {
    OwnedObject.Builder object = OwnedObject.newBuilder().setObjectId(id).setSizeBytes(-1);
    refs.describe(id, object);
    StoredObject value = future.getNow(null);
    if (value == null) {
      return object.setState("PENDING").build();
    }
    if (value.isError()) {
      return object.setState("ERROR").setLocation("INLINE").build();
    }
    if (value.isStored()) {
      return object.setState("READY").setLocation(value.storedAt().getIp() + ":" + value.storedAt().getPort())
          .setSizeBytes(value.storedSize()).build();
    }
    return object.setState("READY").setLocation("INLINE").setSizeBytes(value.value().length).build();
  }

  /** Stops reporting after one last report (so a short driver's tasks are listed), waited for briefly. */
  @Override
  public void close() {
    schedule.cancel(false);
    java.util.concurrent.Future<?> last = report();
    if (last != null) {
      try {
        last.get(JrayConfig.RPC_TIMEOUT_MS.get(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.fine("the last task event report failed: " + e);
      }
    }
  }
}
