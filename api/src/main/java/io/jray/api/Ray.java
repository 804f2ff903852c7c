package io.jray.api;

import io.jray.api.runtime.RayRuntime;
import io.jray.api.runtime.RayRuntimeFactory;
import io.jray.api.runtimecontext.RuntimeContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The entry point of jray: connect with {@link #init()}, then run tasks ({@code Ray.task}),
 * create actors ({@code Ray.actor}) and move objects ({@link #put}, {@link #get}, {@link #wait}).
 * The {@code task} and {@code actor} overloads are inherited from {@link RayCall}. Every call
 * other than {@code init}, {@link #isInitialized()} and {@link #shutdown()} needs {@code init}
 * first and throws {@link IllegalStateException} without it. Thread-safe.
 */
public final class Ray extends RayCall {

  private static final System.Logger LOG = System.getLogger(Ray.class.getName());

  private static volatile RayRuntime runtime;
  private static boolean shutdownHookAdded; // guarded by Ray.class

  private Ray() {}

  /**
   * Connects to the cluster named by {@code JRAY_ADDRESS} or {@code -Djray.address}; else to the
   * cluster in the address file if one is live; else starts a local single-node cluster, which
   * {@link #shutdown()} stops. Does nothing when already initialized, as in Ray's Java API.
   *
   * @throws IllegalStateException when jray-runtime is not on the classpath
   */
  public static void init() {
    init(null);
  }

  /**
   * Connects to the cluster at {@code address}: {@code "auto"} for the one in the address file,
   * {@code "host:port"} for that GCS, {@code "local"} to start a new local cluster. Does nothing
   * when already initialized.
   *
   * @throws IllegalStateException when jray-runtime is not on the classpath
   */
  public static synchronized void init(String address) {
    if (runtime != null) {
      LOG.log(System.Logger.Level.INFO, "Ray.init called again while initialized: ignored");
      return;
    }
    RayRuntimeFactory factory = RuntimeFactoryLookup.find(
        Thread.currentThread().getContextClassLoader(), Ray.class.getClassLoader());
    RayRuntime created = factory.create(address);
    if (created == null) {
      throw new IllegalStateException(factory.getClass().getName() + " returned no runtime");
    }
    runtime = created;
    if (!shutdownHookAdded) {
      // A driver that ends without shutdown() must still stop the local cluster it started.
      Runtime.getRuntime().addShutdownHook(new Thread(Ray::shutdown, "jray-shutdown"));
      shutdownHookAdded = true;
    }
  }

  /** Disconnects, and stops the cluster {@code init} started. Does nothing if not initialized. */
  public static synchronized void shutdown() {
    RayRuntime current = runtime;
    if (current != null) {
      runtime = null;
      current.shutdown();
    }
  }

  /** Whether {@code init} was called and {@link #shutdown()} not since. */
  public static boolean isInitialized() {
    return runtime != null;
  }

  /** Stores {@code obj} in the object store and returns a reference to it. */
  public static <T> ObjectRef<T> put(T obj) {
    return internal().put(obj);
  }

  /**
   * Stores {@code obj} with the actor {@code owner} as its owner (Ray's {@code Ray.put(obj, owner)}): the object
   * lives while the actor and references to it do, even after the caller ends. The value must hold no refs.
   */
  public static <T> ObjectRef<T> put(T obj, BaseActorHandle owner) {
    return internal().put(obj, java.util.Objects.requireNonNull(owner, "owner"));
  }

  /** Waits for the object and returns its value. */
  public static <T> T get(ObjectRef<T> objectRef) {
    return internal().get(objectRef, -1);
  }

  /**
   * Waits at most {@code timeoutMs} for the object and returns its value.
   *
   * @throws io.jray.api.exception.RayTimeoutException when the time runs out first
   */
  public static <T> T get(ObjectRef<T> objectRef, long timeoutMs) {
    return internal().get(objectRef, timeoutMs);
  }

  /** Waits for all the objects and returns their values in order. */
  public static <T> List<T> get(List<ObjectRef<T>> objectList) {
    return internal().get(objectList, -1);
  }

  /**
   * Waits at most {@code timeoutMs} for all the objects and returns their values in order.
   *
   * @throws io.jray.api.exception.RayTimeoutException when the time runs out first
   */
  public static <T> List<T> get(List<ObjectRef<T>> objectList, long timeoutMs) {
    return internal().get(objectList, timeoutMs);
  }

  /** Waits until all the objects are ready and available on this node. */
  public static <T> WaitResult<T> wait(List<ObjectRef<T>> waitList) {
    return wait(waitList, waitList.size());
  }

  /** Waits until {@code numReturns} of the objects are ready and available on this node. */
  public static <T> WaitResult<T> wait(List<ObjectRef<T>> waitList, int numReturns) {
    return waitFor(waitList, numReturns, -1, true);
  }

  /**
   * Waits until {@code numReturns} of the objects are ready and available on this node, or
   * {@code timeoutMs} has passed.
   */
  public static <T> WaitResult<T> wait(List<ObjectRef<T>> waitList, int numReturns, int timeoutMs) {
    return waitFor(waitList, numReturns, timeoutMs, true);
  }

  /**
   * Waits until {@code numReturns} of the objects are ready, or {@code timeoutMs} has passed.
   *
   * @param fetchLocal true to count an object as ready only once it is on this node; false to
   *     count it as soon as it exists anywhere in the cluster
   * @return the ready refs (at most {@code numReturns}) and the others, each in given order
   */
  public static <T> WaitResult<T> wait(
      List<ObjectRef<T>> waitList, int numReturns, int timeoutMs, boolean fetchLocal) {
    return waitFor(waitList, numReturns, timeoutMs, fetchLocal);
  }

  private static <T> WaitResult<T> waitFor(
      List<ObjectRef<T>> waitList, int numReturns, long timeoutMs, boolean fetchLocal) {
    RayRuntime current = internal();
    Objects.requireNonNull(waitList, "waitList");
    if (numReturns < 0 || numReturns > waitList.size()) {
      throw new IllegalArgumentException(
          "numReturns = " + numReturns + " is invalid: it must be between 0 and the "
              + waitList.size() + " refs given");
    }
    return current.wait(waitList, numReturns, timeoutMs, fetchLocal);
  }

  /**
   * The actor named {@code name} in the job's namespace, if there is one. Declare the result as
   * {@code Optional<ActorHandle<MyActor>>}.
   */
  public static <T extends BaseActorHandle> Optional<T> getActor(String name) {
    return getActor(name, null);
  }

  /** The actor named {@code name} in {@code namespace} (null: the job's), if there is one. */
  @SuppressWarnings("unchecked")
  public static <T extends BaseActorHandle> Optional<T> getActor(String name, String namespace) {
    return (Optional<T>) internal().getActor(name, namespace);
  }

  /**
   * Cancels the task that produces {@code ref}: a pending task does not run, a running one is
   * interrupted, and tasks it submitted are cancelled too; {@code get} on it then throws
   * {@link io.jray.api.exception.TaskCancelledException}.
   */
  public static void cancel(ObjectRef<?> ref) {
    cancel(ref, false, true);
  }

  /**
   * Cancels the task that produces {@code ref}.
   *
   * @param force true to kill the worker running it instead of interrupting the task
   * @param recursive true to cancel the tasks it submitted too
   */
  public static void cancel(ObjectRef<?> ref, boolean force, boolean recursive) {
    internal().cancel(ref, force, recursive);
  }

  /** Ends the actor this is called from, after the current call; not for use outside actors. */
  public static void exitActor() {
    internal().exitActor();
  }

  /** What the calling code runs in: job, task, actor, node and the cluster's nodes. */
  public static RuntimeContext getRuntimeContext() {
    return internal().getRuntimeContext();
  }

  /**
   * The runtime behind this class. For jray's own modules, not for user code: its interface may
   * change between versions.
   *
   * @throws IllegalStateException when not initialized
   */
  public static RayRuntime internal() {
    RayRuntime current = runtime;
    if (current == null) {
      throw new IllegalStateException("jray is not initialized: call Ray.init() first");
    }
    return current;
  }
}
