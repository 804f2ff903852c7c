package io.jray.runtime.worker;

import com.google.protobuf.ByteString;
import io.jray.proto.ErrorType;
import io.jray.proto.PushTaskReply;
import io.jray.proto.TaskArg;
import io.jray.proto.TaskSpec;
import io.jray.runtime.function.FunctionDescriptors;
import io.jray.runtime.function.FunctionResolver;
import io.jray.runtime.object.ObjectRefImpl;
import io.jray.runtime.object.LargeObjects;
import io.jray.runtime.object.ObjectResolver;
import io.jray.runtime.object.RayErrors;
import io.jray.runtime.object.ReferenceCounter;
import io.jray.runtime.object.StoredObject;
import io.jray.runtime.serialization.Serializer;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the tasks pushed to this worker, one at a time in arrival order: resolves the function by descriptor,
 * fetches ref arguments from their owners, invokes, and replies with the value or the error. A task blocked in
 * {@code get}/{@code wait} lets the next queued one start (as Ray frees a blocked worker's CPU), so a task
 * pipelined behind one that waits for it cannot deadlock.
 */
public final class TaskExecutor implements AutoCloseable {
  /** Task threads at most: one running plus those blocked in get/wait. */
  private static final int MAX_TASK_THREADS = 64;
  private final FunctionResolver functions;
  private volatile ObjectResolver objects;
  private volatile LargeObjects large;
  private final Serializer serializer;
  private final ReferenceCounter refs;
  private final TaskContext context;
  /** One thread normally; one more for each task blocked in get/wait (see {@link #whileBlocked}). */
  private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, MAX_TASK_THREADS, 30, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), r -> new Thread(r, "task-executor"));
  private final ThreadLocal<Boolean> onTaskThread = new ThreadLocal<>();
  /** Tasks blocked in get/wait now; guarded by this. */
  private int blocked;
  private volatile Consumer<Boolean> blockedListener = b -> {};
  private final Set<ByteString> cancelledBeforeStart = ConcurrentHashMap.newKeySet();
  private final Map<ByteString, Thread> running = new ConcurrentHashMap<>();
  private volatile Object actorInstance;
  private volatile io.jray.runtime.actor.ActorThreads actorThreads;
  private volatile ClassLoader codeLoader;

  public TaskExecutor(FunctionResolver functions, ObjectResolver objects, Serializer serializer,
      ReferenceCounter refs, TaskContext context) {
    this.functions = functions;
    this.objects = objects;
    this.serializer = serializer;
    this.refs = refs;
    this.context = context;
  }

  /** The job's code runs with this as its thread's context class loader (a worker's job loader). */
  public void runCodeWith(ClassLoader loader) {
    this.codeLoader = loader;
  }

  /** The resolver exists only once the server's address is known, after this executor. */
  public void bindResolver(ObjectResolver resolver, LargeObjects largeObjects) {
    this.objects = resolver;
    this.large = largeObjects;
  }

  public void execute(TaskSpec spec, Consumer<PushTaskReply> reply) {
    try {
      thread.execute(() -> runQueued(spec, reply));
    } catch (java.util.concurrent.RejectedExecutionException exiting) {
      // the worker is exiting: its owner sees the stream end and retries the task elsewhere
    }
  }

  /** A normal task's turn on the task thread: runs it (unless cancelled while queued) and replies. */
  private void runQueued(TaskSpec spec, Consumer<PushTaskReply> reply) {
    if (cancelledBeforeStart.remove(spec.getTaskId())) {
      reply.accept(cancelled(spec));
      return;
    }
    running.put(spec.getTaskId(), Thread.currentThread());
    onTaskThread.set(Boolean.TRUE);
    PushTaskReply result;
    long start = System.nanoTime();
    try {
      result = run(spec).toBuilder().setRunNanos(System.nanoTime() - start).build();
    } catch (Throwable t) {
      result = failed(spec, t);
    } finally {
      onTaskThread.remove();
      running.remove(spec.getTaskId());
      Thread.interrupted();
    }
    reply.accept(result);
  }

  /**
   * Runs {@code blocking} (a get or wait inside a task) with one more task thread allowed meanwhile, so queued
   * tasks go on; outside a task thread it just runs it.
   */
  public <T> T whileBlocked(java.util.function.Supplier<T> blocking) {
    if (onTaskThread.get() == null) {
      return blocking.get();
    }
    resize(1);
    try {
      return blocking.get();
    } finally {
      resize(-1);
    }
  }

  /**
   * Who hears when this worker's first task blocks in get/wait (true) and its last blocked one resumes (false):
   * its raylet, which lends the lease's CPU meanwhile.
   */
  public void onBlockedChange(Consumer<Boolean> listener) {
    this.blockedListener = listener;
  }

  private synchronized void resize(int delta) {
    blocked += delta;
    thread.setCorePoolSize(1 + Math.min(blocked, MAX_TASK_THREADS - 1));
    if ((delta > 0 && blocked == 1) || (delta < 0 && blocked == 0)) {
      blockedListener.accept(blocked > 0); // in order: the listener only queues the notice
    }
  }

  /**
   * An actor call, on the actor's own thread(s): one thread runs calls in arrival order (the caller's order);
   * with max_concurrency n, up to n run at once.
   */
  public void executeActorCall(TaskSpec spec, Consumer<PushTaskReply> reply) {
    io.jray.runtime.actor.ActorThreads actor = actorThreads;
    if (actor == null) {
      reply.accept(PushTaskReply.newBuilder().setError(RayErrors.of(ErrorType.ACTOR_DIED, spec.getName(),
          "This worker holds no actor; the call " + spec.getName() + " cannot run.")).build());
      return;
    }
    ExecutorService threads;
    try {
      threads = actor.forCall(spec.getConcurrencyGroup(), spec.getFunction());
    } catch (IllegalArgumentException unknownGroup) {
      reply.accept(failed(spec, unknownGroup));
      return;
    }
    java.util.concurrent.Semaphore inFlight = actor.inFlight(spec.getConcurrencyGroup(), spec.getFunction());
    threads.execute(() -> {
      if (inFlight != null) {
        inFlight.acquireUninterruptibly(); // an async actor's stages: at most maxConcurrency incomplete
      }
      Consumer<PushTaskReply> answer = inFlight == null ? reply : r -> {
        inFlight.release();
        reply.accept(r);
      };
      try {
        run(spec, true, answer);
      } catch (Throwable t) {
        answer.accept(failed(spec, t));
      }
    });
  }

  private PushTaskReply run(TaskSpec spec) {
    PushTaskReply[] result = new PushTaskReply[1];
    run(spec, false, r -> result[0] = r);
    return result[0];
  }

  /**
   * Runs the call with the job's loader as context class loader and answers {@code reply}: at once, or, for a
   * method that returned a {@link java.util.concurrent.CompletionStage} (an async actor's), when the stage completes.
   * A normal task's result is never awaited (a stage it returns is its value).
   */
  private void run(TaskSpec spec, boolean actorCall, Consumer<PushTaskReply> reply) {
    ClassLoader loader = codeLoader;
    Thread self = Thread.currentThread();
    ClassLoader before = self.getContextClassLoader();
    if (loader != null) {
      self.setContextClassLoader(loader);
    }
    context.enter(spec.getTaskId(), spec.getName());
    try {
      Object result;
      try {
        result = invoke(spec);
      } catch (Throwable e) {
        reply.accept(errorReply(spec, e));
        return;
      }
      if (actorCall && result instanceof java.util.concurrent.CompletionStage<?> stage) {
        stage.whenComplete((value, error) -> {
          Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
              ? error.getCause() : error;
          reply.accept(cause != null ? errorReply(spec, new InvocationTargetException(cause))
              : valueReply(spec, value));
        });
        return;
      }
      reply.accept(valueReply(spec, result));
    } finally {
      context.exit();
      self.setContextClassLoader(before);
    }
  }

  /** Resolves the function, reads the arguments and calls it; an actor creation makes this worker the actor. */
  private Object invoke(TaskSpec spec) throws Exception {
    if (spec.getActorCreation()) {
      context.nameActor(simpleName(spec.getFunction().getClassName())); // its constructor prints as the actor
    }
    Executable fn = functions.resolve(spec.getFunction());
    Object[] args = new Object[spec.getArgsCount()];
    for (int i = 0; i < args.length; i++) {
      args[i] = argument(spec.getArgs(i));
    }
    Object receiver = fn instanceof Method m && !Modifier.isStatic(m.getModifiers()) ? actorInstance : null;
    Object result = fn instanceof Method m ? m.invoke(receiver, args) : ((Constructor<?>) fn).newInstance(args);
    if (spec.getActorCreation()) {
      becomeActor(spec, result);
      result = null;
    }
    return result;
  }

  /** The reply that carries a call's value (inline, or stored in the object store when large). */
  private PushTaskReply valueReply(TaskSpec spec, Object result) {
    try {
      List<ObjectRefImpl<?>> nested = new ArrayList<>(0);
      StoredObject kept = large.keep(spec.getReturnId(), spec.getReturnsVoid() ? null : result, serializer, nested);
      PushTaskReply.Builder reply = kept.isStored()
          ? PushTaskReply.newBuilder().setStoredAt(kept.storedAt()).setStoredSize(Math.max(0, kept.storedSize()))
          : PushTaskReply.newBuilder().setValue(ByteString.copyFrom(kept.value()));
      if (!nested.isEmpty()) {
        // The caller will hold these refs: registered with their owners now, while this value still holds them.
        refs.lendTo(spec.getOwner(), nested);
        nested.forEach(ref -> reply.addNestedRefs(ref.toProto()));
      }
      java.lang.ref.Reference.reachabilityFence(result);
      return reply.build();
    } catch (Throwable e) {
      return errorReply(spec, e);
    }
  }

  /** The reply for a call that threw {@code e}: its method's exception, a missing class, or anything else. */
  private PushTaskReply errorReply(TaskSpec spec, Throwable e) {
    if (e instanceof InvocationTargetException ite) {
      Throwable cause = ite.getCause();
      if (cause instanceof InterruptedException) {
        return cancelled(spec);
      }
      return failed(spec, cause);
    }
    if (e instanceof ClassNotFoundException) {
      return failed(spec, new ClassNotFoundException("Class " + e.getMessage() + " of "
          + FunctionDescriptors.displayName(spec.getFunction())
          + " is not on this worker's classpath; ship the jar that holds it with the job."));
    }
    // Anything else too (a StackOverflowError or OutOfMemoryError reading the arguments or writing the result):
    // the caller's get must end, with the error.
    return failed(spec, e);
  }

  /**
   * The error reply for a task that threw {@code thrown}. Describing the error can fail as well (serializing
   * a deep stack again, or with the heap still short): then it goes as class and message alone.
   */
  private PushTaskReply failed(TaskSpec spec, Throwable thrown) {
    try {
      return PushTaskReply.newBuilder().setError(RayErrors.taskException(spec.getName(), thrown, serializer)).build();
    } catch (Throwable describing) {
      return PushTaskReply.newBuilder().setError(RayErrors.of(ErrorType.TASK_EXCEPTION, spec.getName(),
          thrown.getClass().getName() + ": " + thrown.getMessage()).toBuilder()
          .setExceptionClass(thrown.getClass().getName())).build();
    }
  }

  private void becomeActor(TaskSpec spec, Object instance) {
    actorInstance = instance;
    if (instance != null) {
      context.nameActor(instance.getClass().getSimpleName());
    }
    context.becomeActor(spec.getActorId(), spec.getActorRestarted());
    actorThreads = io.jray.runtime.actor.ActorThreads.of(instance == null ? null : instance.getClass(),
        spec.getMaxConcurrency(), spec.getConcurrencyGroupsList());
  }

  private static String simpleName(String className) {
    return className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
  }

  private Object argument(TaskArg arg) {
    if (arg.hasRef()) {
      ObjectRefImpl<?> ref = ObjectRefImpl.fromProto(arg.getRef());
      StoredObject value = objects.resolve(ref, -1);
      for (int lost = 0; ; lost++) {
        if (value.isError()) {
          throw RayErrors.toException(value.error(), serializer);
        }
        try {
          return serializer.deserialize(large.bytes(arg.getRef().getObjectId(), value));
        } catch (io.jray.runtime.object.CopyLostException e) {
          if (lost >= ObjectResolver.MAX_LOST_COPIES_PER_READ) {
            throw new io.jray.api.exception.UnreconstructableException(e.getMessage());
          }
          // The owner finds another copy or rebuilds it; this task lends its CPU meanwhile, which a rebuild may need.
          value = whileBlocked(() -> objects.resolve(ref, -1, e.storedAt()));
        }
      }
    }
    return serializer.deserialize(arg.getValue().toByteArray());
  }

  private static PushTaskReply cancelled(TaskSpec spec) {
    return PushTaskReply.newBuilder().setError(RayErrors.of(ErrorType.TASK_CANCELLED, spec.getName(),
        "Task " + spec.getName() + " was cancelled.")).build();
  }

  /** Interrupts the task if it is queued or running here; with force, the worker exits (as Ray's force=True). */
  public boolean cancel(ByteString taskId, boolean force) {
    Thread runs = running.get(taskId);
    if (runs != null) {
      if (force) {
        Runtime.getRuntime().halt(1);
      }
      runs.interrupt();
    } else {
      cancelledBeforeStart.add(taskId);
    }
    return true;
  }

  @Override
  public void close() {
    thread.shutdownNow();
    if (actorThreads != null) {
      actorThreads.shutdownNow();
    }
  }
}
