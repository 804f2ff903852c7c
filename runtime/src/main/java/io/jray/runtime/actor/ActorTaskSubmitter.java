package io.jray.runtime.actor;

import io.jray.runtime.process.DaemonThreads;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jray.proto.ActorInfo;
import io.jray.proto.ActorState;
import io.jray.proto.StreamedTaskReply;
import io.jray.proto.ErrorType;
import io.jray.proto.PushTaskRequest;
import io.jray.proto.TaskSpec;
import io.jray.runtime.gcs.GcsClient;
import io.jray.runtime.task.TaskManager;
import io.jray.runtime.object.RayErrors;
import io.jray.runtime.object.ReferenceCounter;
import io.jray.runtime.object.StoredObject;
import io.jray.runtime.rpc.PeerChannels;
import io.jray.runtime.state.TaskEventBuffer;
import io.jray.runtime.task.InlinedArgs;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * The caller side of actor calls: one ordered gRPC stream per actor this process calls, so the calls of one
 * caller reach the actor in the order they were made. Finds the actor's worker through the GCS (waiting while
 * it is pending or restarting), resends in-flight calls after a restart up to max_task_retries, and fails calls
 * to a dead actor with RayActorException. State per actor is guarded by its queue object.
 */
public final class ActorTaskSubmitter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ActorTaskSubmitter.class.getName());
  private static final long LOOKUP_WAIT_MS = 5000;

  private final GcsClient gcs;
  private final PeerChannels peers;
  private final TaskManager tasks;
  private final ReferenceCounter refs;
  private final TaskEventBuffer events;
  private final Map<ByteString, ActorQueue> queues = new HashMap<>();
  private final ExecutorService connector = Executors.newCachedThreadPool(DaemonThreads.named("actor-connect"));
  private volatile boolean closed;

  private static final class Call {
    /** As submitted: its ref arguments are counted as used until the call finishes. */
    final TaskSpec spec;
    /** As sent: the small values of ref arguments known at submission inlined. */
    final TaskSpec wire;
    int retriesLeft = -2; // set from the actor's max_task_retries once known

    Call(TaskSpec spec, TaskSpec wire) {
      this.spec = spec;
      this.wire = wire;
    }
  }

  private final class ActorQueue {
    final ByteString actorId;
    final Deque<Call> waiting = new ArrayDeque<>();
    final Map<Long, Call> inflight = new LinkedHashMap<>();
    StreamObserver<PushTaskRequest> stream;
    ActorInfo alive;
    long nextSeq;
    boolean connecting;
    String deadCause;
    int maxTaskRetries;

    ActorQueue(ByteString actorId) {
      this.actorId = actorId;
    }
  }

  public ActorTaskSubmitter(GcsClient gcs, PeerChannels peers, TaskManager tasks, ReferenceCounter refs,
      TaskEventBuffer events) {
    this.refs = refs;
    this.events = events;
    this.gcs = gcs;
    this.peers = peers;
    this.tasks = tasks;
  }

  /**
   * Submits an actor call whose ref arguments owned here are in {@code ownedArgs} (argument index to the object's
   * future): those already known go inline. Calls are sent in submission order, so a call never waits here for
   * an argument; the worker fetches the ones still pending.
   */
  public void submit(TaskSpec spec, Map<Integer, CompletableFuture<StoredObject>> ownedArgs) {
    ActorQueue q;
    synchronized (this) {
      q = queues.computeIfAbsent(spec.getActorId(), ActorQueue::new);
    }
    Map<Integer, StoredObject> known = new HashMap<>();
    ownedArgs.forEach((index, future) -> known.put(index, future.getNow(null)));
    Call call = new Call(spec, InlinedArgs.inline(spec, known));
    refs.useArgs(spec);
    events.submitted(spec, false);
    synchronized (q) {
      if (q.deadCause != null) {
        fail(q, call, q.deadCause);
        return;
      }
      if (call.retriesLeft == -2 && q.stream != null) {
        call.retriesLeft = q.maxTaskRetries;
      }
      if (q.stream != null) {
        send(q, call);
        return;
      }
      q.waiting.add(call);
      if (!q.connecting) {
        q.connecting = true;
        connector.execute(() -> connect(q));
      }
    }
  }

  /** The calls to this actor submitted here and not yet finished. */
  public int pendingCalls(ByteString actorId) {
    ActorQueue q;
    synchronized (this) {
      q = queues.get(actorId);
    }
    if (q == null) {
      return 0;
    }
    synchronized (q) {
      return q.waiting.size() + q.inflight.size();
    }
  }

  private void send(ActorQueue q, Call call) {
    long seq = q.nextSeq++;
    q.inflight.put(seq, call);
    q.stream.onNext(PushTaskRequest.newBuilder().setSpec(call.wire).setSequenceNumber(seq).build());
    events.pushed(call.spec, q.alive.getNodeId(), q.alive.getAddress());
  }

  /** Waits for the actor to be ALIVE (or DEAD), then opens the stream and sends what waits, in order. */
  private void connect(ActorQueue q) {
    ActorInfo info;
    try {
      while (true) {
        if (closed) {
          return;
        }
        Optional<ActorInfo> found = gcs.getActorInfo(q.actorId, LOOKUP_WAIT_MS);
        if (found.isEmpty()) {
          markDead(q, "The actor " + hex(q.actorId) + " is unknown to the cluster.");
          return;
        }
        info = found.get();
        if (info.getState() == ActorState.ACTOR_DEAD) {
          markDead(q, "The actor " + hex(q.actorId) + " (" + info.getClassName() + ") is dead: " + info.getDeathCause() + ".");
          return;
        }
        if (info.getState() == ActorState.ACTOR_ALIVE) {
          break;
        }
      }
    } catch (RuntimeException e) {
      LOG.warning("looking up actor " + hex(q.actorId) + " failed: " + e);
      markDead(q, "The actor " + hex(q.actorId) + " cannot be reached: the GCS did not answer (" + e.getMessage() + ").");
      return;
    }
    ActorInfo alive = info;
    synchronized (q) {
      q.maxTaskRetries = alive.getMaxTaskRetries();
      q.alive = alive;
      q.nextSeq = 0;
      q.stream = peers.coreWorkerStreams(alive.getAddress()).pushActorTasks(new StreamObserver<>() {
        @Override
        public void onNext(StreamedTaskReply reply) {
          Call call;
          synchronized (q) {
            call = q.inflight.remove(reply.getSequenceNumber());
          }
          if (call != null) {
            refs.adoptNested(call.spec.getReturnId(), reply.getReply().getNestedRefsList());
            finish(q, call, StoredObject.fromReply(reply.getReply()));
          }
        }

        @Override
        public void onError(Throwable t) {
          disconnected(q, Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
          disconnected(q, Status.UNAVAILABLE);
        }
      });
      q.connecting = false;
      List<Call> toSend = new ArrayList<>(q.waiting);
      q.waiting.clear();
      for (Call call : toSend) {
        if (call.retriesLeft == -2) {
          call.retriesLeft = q.maxTaskRetries;
        }
        send(q, call);
      }
    }
  }

  /** The actor's worker went away: retry what may be retried once it is back, fail the rest. */
  private void disconnected(ActorQueue q, Status status) {
    synchronized (q) {
      if (q.stream == null) {
        return;
      }
      q.stream = null;
      List<Call> retry = new ArrayList<>();
      for (Call call : q.inflight.values()) {
        if (call.retriesLeft != 0) {
          if (call.retriesLeft > 0) {
            call.retriesLeft--;
          }
          retry.add(call);
        } else {
          fail(q, call, "The actor " + hex(q.actorId) + " died while running " + call.spec.getName()
              + " (max_task_retries=" + q.maxTaskRetries + "): " + status.getCode() + ".");
        }
      }
      q.inflight.clear();
      for (int i = retry.size() - 1; i >= 0; i--) {
        q.waiting.addFirst(retry.get(i));
      }
      if (!closed && !q.connecting) {
        q.connecting = true;
        try {
          connector.execute(() -> connect(q));
        } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
          q.connecting = false;
        }
      }
    }
  }

  private void markDead(ActorQueue q, String cause) {
    synchronized (q) {
      q.deadCause = cause;
      q.connecting = false;
      q.waiting.forEach(c -> fail(q, c, cause));
      q.waiting.clear();
    }
  }

  private void fail(ActorQueue q, Call call, String message) {
    finish(q, call, StoredObject.ofError(RayErrors.of(ErrorType.ACTOR_DIED, call.spec.getName(), message)));
  }

  /** The actor's max_task_retries decides whether the call's value can be rebuilt (unknown if never reached: no). */
  private void finish(ActorQueue q, Call call, StoredObject result) {
    tasks.actorCallEnded(call.spec, result, q.alive == null ? 0 : q.maxTaskRetries);
  }

  private static String hex(ByteString id) {
    return java.util.HexFormat.of().formatHex(id.toByteArray());
  }

  @Override
  public void close() {
    closed = true;
    List<ActorQueue> all;
    synchronized (this) {
      all = new ArrayList<>(queues.values());
    }
    for (ActorQueue q : all) {
      synchronized (q) {
        if (q.stream != null) {
          try {
            q.stream.onCompleted();
          } catch (RuntimeException ignored) {
            // already broken
          }
          q.stream = null;
        }
      }
    }
    connector.shutdownNow();
  }
}
