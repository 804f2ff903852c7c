package io.jray.runtime.local;

import com.google.protobuf.ByteString;
import io.jray.api.id.ActorId;
import io.jray.proto.ConcurrencyGroupSpec;
import io.jray.proto.ErrorType;
import io.jray.proto.FunctionDescriptor;
import io.jray.runtime.actor.ActorThreads;
import io.jray.runtime.object.RayErrors;
import io.jray.runtime.object.StoredObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * One actor of local mode: its instance, made by its creation call on the actor's own threads, and its calls,
 * which run after the creation on those threads ({@link ActorThreads}: one thread keeps each caller's order, as
 * on a cluster). A killed actor fails its queued and later calls with {@code RayActorException}; a kill that
 * allows a restart builds a new instance, up to {@code maxRestarts}.
 */
final class LocalActor {
  private final ActorId id;
  private final String className;
  private final FunctionDescriptor creation;
  private final Object[] creationArgs;
  private final int maxConcurrency;
  private final List<ConcurrencyGroupSpec> groups;
  private final int maxRestarts;
  private final int maxPendingCalls;
  private final LocalInvoker invoker;
  private final LocalTaskFrames frames;
  /** Guarded by this. */
  private ActorThreads threads;
  private CompletableFuture<Object> instance;
  private String deathCause;
  private int restarts;
  /** Counts kills: a call that was running when its actor was killed ends with the actor's death. */
  private int generation;
  private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();

  LocalActor(ActorId id, FunctionDescriptor creation, Object[] creationArgs, int maxConcurrency,
      List<ConcurrencyGroupSpec> groups, int maxRestarts, int maxPendingCalls, LocalInvoker invoker,
      LocalTaskFrames frames) {
    this.id = id;
    this.className = creation.getClassName();
    this.creation = creation;
    this.creationArgs = creationArgs;
    this.maxConcurrency = maxConcurrency;
    this.groups = groups;
    this.maxRestarts = maxRestarts;
    this.maxPendingCalls = maxPendingCalls;
    this.invoker = invoker;
    this.frames = frames;
  }

  ActorId id() {
    return id;
  }

  /** The limit of calls a handle may have pending (-1 or 0: none), which handles found by name keep. */
  int maxPendingCalls() {
    return maxPendingCalls;
  }

  /** Calls made and not finished. */
  int pending() {
    return pending.get();
  }

  /** Starts the creation call; calls made before it finishes wait for it. */
  synchronized void start() {
    CompletableFuture<Object> made = new CompletableFuture<>();
    instance = made;
    boolean restarted = restarts > 0;
    // The groups are known only with the class, which the creation call loads: its first thread is a plain one.
    Thread creator = new Thread(() -> {
      frames.enter(ByteString.copyFrom(io.jray.api.id.TaskId.fromRandom().getBytes()), id, restarted);
      try {
        made.complete(invoker.call(creation, null, creationArgs));
      } catch (Throwable t) {
        made.completeExceptionally(t);
        creationFailed(t);
      } finally {
        frames.exit();
      }
    }, "local-actor-create");
    creator.setDaemon(true);
    Class<?> actorClass;
    try {
      actorClass = Class.forName(className, false, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      actorClass = null; // a static factory's class: its instance's class decides the annotations
    }
    threads = ActorThreads.of(actorClass, maxConcurrency, groups);
    creator.start();
  }

  /** Runs {@code method} on the actor once it exists; the outcome completes {@code result} (its object). */
  void call(FunctionDescriptor method, String concurrencyGroup, String taskName, Object[] args, boolean returnsVoid,
      java.util.function.Consumer<StoredObject> done) {
    pending.incrementAndGet();
    java.util.function.Consumer<StoredObject> result = outcome -> {
      pending.decrementAndGet();
      done.accept(outcome);
    };
    CompletableFuture<Object> made;
    ExecutorService runOn;
    java.util.concurrent.Semaphore inFlight;
    int queuedIn;
    synchronized (this) {
      queuedIn = generation;
      if (deathCause != null) {
        result.accept(dead(taskName));
        return;
      }
      made = instance;
      try {
        runOn = threads.forCall(concurrencyGroup, method);
        inFlight = threads.inFlight(concurrencyGroup, method);
      } catch (IllegalArgumentException unknownGroup) {
        result.accept(StoredObject.ofError(invoker.error(taskName, unknownGroup)));
        return;
      }
    }
    Runnable call = new QueuedCall(result, taskName, () -> {
      Object receiver;
      try {
        receiver = made.join();
      } catch (java.util.concurrent.CompletionException e) {
        markDead("its creation failed: " + e.getCause());
        result.accept(dead(taskName));
        return;
      }
      frames.enter(ByteString.copyFrom(io.jray.api.id.TaskId.fromRandom().getBytes()), id, queuedIn > 0);
      if (inFlight != null) {
        inFlight.acquireUninterruptibly(); // an async actor's stages: at most maxConcurrency incomplete
      }
      try {
        invoker.invokeActorCall(method, taskName, receiver, args, returnsVoid, outcome -> {
          if (inFlight != null) {
            inFlight.release();
          }
          result.accept(killedSince(queuedIn) ? dead(taskName) : outcome);
        });
      } catch (ActorExit exit) {
        if (inFlight != null) {
          inFlight.release();
        }
        kill("it called Ray.exitActor()", true);
        result.accept(dead(taskName));
      } finally {
        frames.exit();
      }
    });
    try {
      runOn.execute(call);
    } catch (RejectedExecutionException killed) {
      result.accept(dead(taskName));
    }
  }

  /** Ends the actor: running calls are interrupted, queued ones fail; with a restart allowed, a new instance. */
  void kill(String why, boolean noRestart) {
    List<Runnable> queued;
    synchronized (this) {
      if (deathCause != null) {
        return;
      }
      generation++;
      queued = threads.shutdownNow();
      if (!noRestart && (maxRestarts < 0 || restarts < maxRestarts)) {
        restarts++;
        start();
      } else {
        deathCause = why;
      }
    }
    for (Runnable r : queued) {
      if (r instanceof QueuedCall call) {
        call.result.accept(dead(call.taskName));
      }
    }
  }

  /** A creation that threw: the actor is dead, and its threads end once the calls queued meanwhile are answered. */
  private synchronized void creationFailed(Throwable t) {
    if (deathCause == null) {
      deathCause = "its creation failed: " + t;
    }
    threads.shutdownWhenIdle();
  }

  private void markDead(String why) {
    synchronized (this) {
      if (deathCause == null) {
        deathCause = why;
      }
    }
  }

  private synchronized boolean killedSince(int queuedIn) {
    return generation != queuedIn;
  }

  synchronized boolean isAlive() {
    return deathCause == null;
  }

  private StoredObject dead(String taskName) {
    String cause;
    synchronized (this) {
      cause = deathCause == null ? "it was killed" : deathCause;
    }
    return StoredObject.ofError(RayErrors.of(ErrorType.ACTOR_DIED, taskName, "The actor " + id.toHex() + " ("
        + className + ") is dead: " + cause + "."));
  }

  /** Thrown through a call by {@code Ray.exitActor()}: the actor ends after it. */
  static final class ActorExit extends Error {
    private static final long serialVersionUID = 1L;

    ActorExit() {
      super("Ray.exitActor()", null, false, false);
    }
  }

  /** A call queued on the actor's threads, failed with the actor's death if it never runs. */
  private static final class QueuedCall implements Runnable {
    final java.util.function.Consumer<StoredObject> result;
    final String taskName;
    final Runnable body;

    QueuedCall(java.util.function.Consumer<StoredObject> result, String taskName, Runnable body) {
      this.result = result;
      this.taskName = taskName;
      this.body = body;
    }

    @Override
    public void run() {
      body.run();
    }
  }
}
