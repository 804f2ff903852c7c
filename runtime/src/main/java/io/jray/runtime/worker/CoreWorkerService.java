package io.jray.runtime.worker;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.jray.proto.Address;
import io.jray.proto.StreamedTaskReply;
import io.jray.proto.TaskSpec;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import io.jray.proto.CancelTaskReply;
import io.jray.proto.WatchWorkerReply;
import io.jray.proto.WatchWorkerRequest;
import io.jray.proto.CancelTaskRequest;
import io.jray.proto.CoreWorkerServiceGrpc;
import io.jray.proto.GetObjectReply;
import io.jray.proto.GetObjectRequest;
import io.jray.proto.PushTaskReply;
import io.jray.proto.PushTaskRequest;
import io.jray.proto.PushWorkerLogsReply;
import io.jray.proto.PushWorkerLogsRequest;
import io.jray.proto.WorkerLogLine;
import io.jray.runtime.logs.WorkerLogForwarder;
import io.jray.runtime.logs.WorkerLogPrinter;
import io.jray.proto.UpdateBorrowersReply;
import io.jray.proto.UpdateBorrowersRequest;
import io.jray.runtime.object.MemoryStore;
import io.jray.runtime.object.ObjectLocations;
import io.jray.runtime.object.ReferenceCounter;
import io.jray.runtime.object.StoredObject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * gRPC face of a driver or worker: tasks pushed to it (workers), and the objects it owns (everyone). Its handlers
 * run on the network thread that read the call ({@link io.jray.runtime.rpc.RpcServers#startNonBlocking}): they
 * only queue work or answer from memory, and never block.
 */
public final class CoreWorkerService extends CoreWorkerServiceGrpc.CoreWorkerServiceImplBase {
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(CoreWorkerService.class.getName());
  private volatile io.jray.runtime.metrics.CoreWorkerMetrics metrics;
  private final MemoryStore store;
  /** Where readers pull the stored objects owned here (places a copy may be when the primary is lost). */
  private final ObjectLocations locations;
  private final ReferenceCounter refs;
  private final TaskExecutor executor;
  private final ScheduledExecutorService timer;
  /** Told the owner of the tasks on a lease stream that broke; decides whether this worker must exit. */
  private final Consumer<Address> leaseStreamBroke;
  /** Prints the lines the job's workers send (a driver with log_to_driver on), else null. */
  private volatile WorkerLogPrinter workerLogs;
  private volatile io.jray.runtime.object.LostCopies recovery = io.jray.runtime.object.LostCopies.NONE;

  /**
   * @param executor null in a driver, which runs no tasks
   * @param leaseStreamBroke told (on a network thread: it must not block) the owner of the tasks a broken lease
   *     stream carried
   */
  public CoreWorkerService(MemoryStore store, ObjectLocations locations, ReferenceCounter refs,
      TaskExecutor executor, ScheduledExecutorService timer, Consumer<Address> leaseStreamBroke) {
    this.store = store;
    this.locations = locations;
    this.refs = refs;
    this.executor = executor;
    this.timer = timer;
    this.leaseStreamBroke = leaseStreamBroke;
  }

  @Override
  public void pushTask(PushTaskRequest request, StreamObserver<PushTaskReply> reply) {
    if (executor == null) {
      reply.onError(io.grpc.Status.FAILED_PRECONDITION.withDescription("a driver runs no tasks").asRuntimeException());
      return;
    }
    execute(request.getSpec(), r -> {
      reply.onNext(r);
      reply.onCompleted();
    });
  }

  /** Runs a task, counting it in this worker's metrics when it ends. */
  private void execute(TaskSpec spec, Consumer<PushTaskReply> reply) {
    executor.execute(spec, counted(spec, reply));
  }

  private void executeActorCall(TaskSpec spec, Consumer<PushTaskReply> reply) {
    executor.executeActorCall(spec, counted(spec, reply));
  }

  private Consumer<PushTaskReply> counted(TaskSpec spec,
      Consumer<PushTaskReply> reply) {
    io.jray.runtime.metrics.CoreWorkerMetrics counting = metrics;
    if (counting == null) {
      return reply;
    }
    return r -> {
      counting.taskEnded(spec.getName(), r.hasError(), r.getRunNanos());
      reply.accept(r);
    };
  }

  /** From now on every task this worker runs is counted in {@code taskMetrics}. */
  public void countTasksIn(io.jray.runtime.metrics.CoreWorkerMetrics taskMetrics) {
    this.metrics = taskMetrics;
  }

  /** The owner's object recovery: a reader that could not read an owned object's copy asks it (lost_at). */
  public void bindRecovery(io.jray.runtime.object.LostCopies recovery) {
    this.recovery = recovery;
  }

  /** From now on the lines workers send are printed by {@code printer}. */
  public void printWorkerLogs(WorkerLogPrinter printer) {
    this.workerLogs = printer;
  }

  @Override
  public void pushWorkerLogs(PushWorkerLogsRequest request, StreamObserver<PushWorkerLogsReply> reply) {
    WorkerLogPrinter printer = workerLogs;
    if (printer != null) {
      java.util.List<WorkerLogForwarder.Line> lines = new java.util.ArrayList<>(request.getLinesCount());
      for (WorkerLogLine l : request.getLinesList()) {
        lines.add(new WorkerLogForwarder.Line(l.getText(), l.getIsErr(), l.getSourceName()));
      }
      printer.accept(request.getIp(), request.getPid(), lines);
    }
    reply.onNext(PushWorkerLogsReply.newBuilder().setAccepting(printer != null).build());
    reply.onCompleted();
  }

  /** What stores a value another process puts with this process as its owner (Ray.put(value, owner)). */
  public interface OwnedPuts {
    void put(ByteString objectId, byte[] value, Address borrower);
  }

  private volatile OwnedPuts ownedPuts;
  /** Stores what other processes put with this one as owner: may write to the object store, so off the timer. */
  private final java.util.concurrent.ExecutorService ownedPutThreads = java.util.concurrent.Executors
      .newCachedThreadPool(io.jray.runtime.process.DaemonThreads.named("owned-put"));

  /** Set once the runtime exists; until then such puts are refused as unavailable. */
  public void onOwnedPuts(OwnedPuts puts) {
    this.ownedPuts = puts;
  }

  @Override
  public void putOwnedObject(io.jray.proto.PutOwnedObjectRequest request,
      StreamObserver<io.jray.proto.PutOwnedObjectReply> reply) {
    OwnedPuts puts = ownedPuts;
    if (puts == null) {
      reply.onError(io.grpc.Status.UNAVAILABLE.withDescription("this process is not ready to own objects yet")
          .asRuntimeException());
      return;
    }
    // Storing may write to the object store (a blocking call): not on this network thread.
    ownedPutThreads.execute(() -> {
      try {
        puts.put(request.getObjectId(), request.getValue().toByteArray(), request.getBorrower());
        reply.onNext(io.jray.proto.PutOwnedObjectReply.getDefaultInstance());
        reply.onCompleted();
      } catch (Throwable e) { // an OutOfMemoryError too: the caller must hear back
        reply.onError(io.grpc.Status.INVALID_ARGUMENT.withDescription("the value could not be stored here: "
            + e.getMessage()).asRuntimeException());
      }
    });
  }

  @Override
  public void updateBorrowers(UpdateBorrowersRequest request, StreamObserver<UpdateBorrowersReply> reply) {
    refs.borrowersChanged(request.getBorrower(), request.getDeltasList());
    reply.onNext(UpdateBorrowersReply.getDefaultInstance());
    reply.onCompleted();
  }

  @Override
  public void getObject(GetObjectRequest request, StreamObserver<GetObjectReply> reply) {
    if (request.hasLostAt()) {
      // Another copy or a rebuild first (off this network thread); then answered as any get.
      recovery.recoverThen(request.getObjectId(), request.getLostAt(),
          () -> answer(request.toBuilder().clearLostAt().build(), reply));
      return;
    }
    answer(request, reply);
  }

  private void answer(GetObjectRequest request, StreamObserver<GetObjectReply> reply) {
    ByteString id = request.getObjectId();
    CompletableFuture<StoredObject> future = store.get(id);
    if (future == null) {
      reply.onNext(GetObjectReply.newBuilder().setStatus(GetObjectReply.Status.NOT_FOUND).build());
      reply.onCompleted();
      return;
    }
    AtomicBoolean answered = new AtomicBoolean();
    future.thenAccept(object -> {
      if (answered.compareAndSet(false, true)) {
        GetObjectReply.Builder out = GetObjectReply.newBuilder().setStatus(GetObjectReply.Status.READY);
        if (object.isError()) {
          out.setError(object.error());
        } else if (object.isStored()) {
          out.setStoredAt(object.storedAt());
          if (request.hasReaderStore() && !request.getReaderStore().equals(object.storedAt())) {
            locations.pulledTo(id, request.getReaderStore());
          }
        } else {
          out.setValue(ByteString.copyFrom(object.value()));
        }
        reply.onNext(out.build());
        reply.onCompleted();
      }
    });
    if (!future.isDone() && request.getTimeoutMs() >= 0) {
      timer.schedule(() -> {
        if (answered.compareAndSet(false, true)) {
          reply.onNext(GetObjectReply.newBuilder().setStatus(GetObjectReply.Status.TIMED_OUT).build());
          reply.onCompleted();
        }
      }, request.getTimeoutMs(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public StreamObserver<PushTaskRequest> pushActorTasks(StreamObserver<StreamedTaskReply> replies) {
    if (executor == null) {
      return refuse(replies, "this process is a driver: it holds no actor and runs no actor calls");
    }
    // A caller of an actor that dies leaves the actor to its other callers.
    return taskStream(replies, this::executeActorCall, (owner, cause) -> {});
  }

  @Override
  public StreamObserver<PushTaskRequest> pushTasks(StreamObserver<StreamedTaskReply> replies) {
    if (executor == null) {
      return refuse(replies, "a driver runs no tasks");
    }
    return taskStream(replies, this::execute, this::leaseStreamBroke);
  }

  /** Ends a stream at its start with FAILED_PRECONDITION and {@code why}; what the caller still sends is dropped. */
  private static StreamObserver<PushTaskRequest> refuse(StreamObserver<StreamedTaskReply> replies, String why) {
    replies.onError(io.grpc.Status.FAILED_PRECONDITION.withDescription(why).asRuntimeException());
    return new NoopObserver<>();
  }

  /**
   * A lease's task stream broke instead of being closed. Only the loss of the lease's owner ends this worker
   * (see {@link LeaseOwnerCheck}); a stream that never carried a task (any token holder can open one) is
   * nobody's lease, and ends with nothing else.
   */
  private void leaseStreamBroke(Address owner, Throwable cause) {
    if (owner == null) {
      LOG.info("a task stream that carried no task ended (" + io.grpc.Status.fromThrowable(cause).getCode()
          + "); it was nobody's lease, so this worker goes on");
      return;
    }
    leaseStreamBroke.accept(owner);
  }

  /**
   * Runs each task of a stream with {@code run} and sends its result back, tagged with its sequence number;
   * {@code broken} is told if the caller's side breaks, with the owner of the stream's last task (null if none).
   */
  private static StreamObserver<PushTaskRequest> taskStream(StreamObserver<StreamedTaskReply> replies,
      BiConsumer<TaskSpec, Consumer<PushTaskReply>> run, BiConsumer<Address, Throwable> broken) {
    return new StreamObserver<>() {
      private volatile Address owner;

      @Override
      public void onNext(PushTaskRequest request) {
        if (request.getSpec().hasOwner()) {
          owner = request.getSpec().getOwner();
        }
        long seq = request.getSequenceNumber();
        run.accept(request.getSpec(), r -> {
          synchronized (replies) {
            try {
              replies.onNext(StreamedTaskReply.newBuilder().setSequenceNumber(seq).setReply(r).build());
            } catch (RuntimeException callerGone) {
              // the caller hung up; nothing to tell
            }
          }
        });
      }

      @Override
      public void onError(Throwable t) {
        broken.accept(owner, t);
      }

      @Override
      public void onCompleted() {
        synchronized (replies) {
          try {
            replies.onCompleted();
          } catch (RuntimeException callerGone) {
            // already closed
          }
        }
      }
    };
  }

  /** The request side of a stream refused at its start. */
  private static final class NoopObserver<T> implements StreamObserver<T> {
    @Override
    public void onNext(T value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }

  /** Never answers: the stream ends when this process does, which is how the GCS sees an actor's worker die. */
  @Override
  public void watchWorker(WatchWorkerRequest request, StreamObserver<WatchWorkerReply> reply) {}

  @Override
  public void cancelTask(CancelTaskRequest request, StreamObserver<CancelTaskReply> reply) {
    boolean cancelled = executor != null && executor.cancel(request.getTaskId(), request.getForce());
    reply.onNext(CancelTaskReply.newBuilder().setCancelled(cancelled).build());
    reply.onCompleted();
  }
}
