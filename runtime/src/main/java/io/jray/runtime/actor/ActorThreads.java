package io.jray.runtime.actor;

import io.jray.api.concurrencygroup.annotations.DefConcurrencyGroup;
import io.jray.api.concurrencygroup.annotations.UseConcurrencyGroup;
import io.jray.proto.ConcurrencyGroupSpec;
import io.jray.proto.FunctionDescriptor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The threads of one actor: its default group ({@code maxConcurrency} threads; one thread runs calls in arrival
 * order) and its named concurrency groups, given at creation or declared on its class with
 * {@link DefConcurrencyGroup}. A call runs in the group it names, else its method's group (listed at creation or
 * marked {@link UseConcurrencyGroup}), else the default one.
 *
 * <p>An async actor (its class has a public method returning a {@link CompletionStage}) has one thread for its
 * default group, which starts its calls one at a time, and up to {@code maxConcurrency} (1,000 unless set, as
 * Ray's async actors) of their stages incomplete at once ({@link #inFlight}): a call whose method returned a stage
 * is answered when the stage completes, in whatever order they complete.
 */
public final class ActorThreads implements AutoCloseable {
  /** An async actor's concurrency when its creator set none (Ray's default for async actors). */
  public static final int ASYNC_DEFAULT_CONCURRENCY = 1000;
  private final ExecutorService defaultGroup;
  private final Semaphore inFlight;
  private final boolean async;
  private final Map<String, ExecutorService> groups = new LinkedHashMap<>();
  /** Method name + JVM descriptor to its group's name. */
  private final Map<String, String> methodGroups = new HashMap<>();

  private ActorThreads(ExecutorService defaultGroup, int concurrency, boolean async) {
    this.defaultGroup = defaultGroup;
    this.inFlight = new Semaphore(concurrency);
    this.async = async;
  }

  /**
   * The threads for an actor of {@code actorClass} (null when unknown) created with {@code groups}.
   *
   * @throws IllegalArgumentException when two groups share a name or a method is in two groups
   */
  public static ActorThreads of(Class<?> actorClass, int maxConcurrency, List<ConcurrencyGroupSpec> groups) {
    boolean async = actorClass != null && isAsync(actorClass);
    int concurrency = maxConcurrency > 0 ? maxConcurrency : async ? ASYNC_DEFAULT_CONCURRENCY : 1;
    ActorThreads threads = new ActorThreads(pool("actor", async ? 1 : concurrency), concurrency, async);
    Map<String, Integer> sizes = new LinkedHashMap<>();
    if (actorClass != null) {
      for (DefConcurrencyGroup declared : actorClass.getAnnotationsByType(DefConcurrencyGroup.class)) {
        sizes.put(declared.name(), declared.maxConcurrency());
      }
      RayAnnotations.declaredGroups(actorClass).forEach(sizes::putIfAbsent);
    }
    for (ConcurrencyGroupSpec group : groups) {
      sizes.put(group.getName(), group.getMaxConcurrency()); // the creator's settings win over the class's
      for (FunctionDescriptor method : group.getMethodsList()) {
        String previous = threads.methodGroups.put(key(method.getMethodName(), method.getMethodDescriptor()),
            group.getName());
        if (previous != null && !previous.equals(group.getName())) {
          threads.close();
          throw new IllegalArgumentException("The method " + method.getMethodName() + " is in two concurrency groups, "
              + previous + " and " + group.getName() + ": a method may be in one group only.");
        }
      }
    }
    sizes.forEach((name, size) -> {
      if (size < 1) {
        threads.close();
        throw new IllegalArgumentException("The concurrency group " + name + " has maxConcurrency " + size
            + ": it must be at least 1.");
      }
      threads.groups.put(name, pool("actor-" + name, size));
    });
    if (actorClass != null) {
      for (Method m : actorClass.getMethods()) {
        UseConcurrencyGroup use = m.getAnnotation(UseConcurrencyGroup.class);
        String group = use != null ? use.name() : RayAnnotations.usedGroup(m);
        if (group != null) {
          threads.methodGroups.putIfAbsent(key(m.getName(), descriptor(m)), group);
        }
      }
    }
    return threads;
  }

  /**
   * Where a call runs: the group {@code named} (empty or null: none), else the group of its method.
   *
   * @throws IllegalArgumentException when the call or its method names a group the actor does not have
   */
  public ExecutorService forCall(String named, FunctionDescriptor method) {
    String group = named != null && !named.isEmpty() ? named
        : methodGroups.get(key(method.getMethodName(), method.getMethodDescriptor()));
    if (group == null) {
      return defaultGroup;
    }
    ExecutorService threads = groups.get(group);
    if (threads == null) {
      throw new IllegalArgumentException("The actor has no concurrency group named " + group + " (it has "
          + (groups.isEmpty() ? "none" : String.join(", ", groups.keySet())) + "): define it with "
          + "setConcurrencyGroups or @DefConcurrencyGroup.");
    }
    return threads;
  }

  /** Whether the actor is async: a public method of its class returns a {@link CompletionStage}. */
  public boolean isAsync() {
    return async;
  }

  /**
   * What bounds the calls of the default group whose stages are not complete yet (its maxConcurrency); a call
   * takes a permit before it starts and gives it back when it is answered. Null for a named group's call.
   */
  public Semaphore inFlight(String named, FunctionDescriptor method) {
    boolean inDefault = (named == null || named.isEmpty())
        && !methodGroups.containsKey(key(method.getMethodName(), method.getMethodDescriptor()));
    return inDefault ? inFlight : null;
  }

  static boolean isAsync(Class<?> actorClass) {
    for (Method m : actorClass.getMethods()) {
      if (m.getDeclaringClass() != Object.class && CompletionStage.class.isAssignableFrom(m.getReturnType())) {
        return true;
      }
    }
    return false;
  }

  /** Stops every group at once, interrupting running calls; the calls not yet started are returned. */
  public List<Runnable> shutdownNow() {
    List<Runnable> queued = new ArrayList<>(defaultGroup.shutdownNow());
    groups.values().forEach(g -> queued.addAll(g.shutdownNow()));
    return queued;
  }

  /** Takes no new calls and lets the threads end after the calls already queued. */
  public void shutdownWhenIdle() {
    defaultGroup.shutdown();
    groups.values().forEach(ExecutorService::shutdown);
  }

  @Override
  public void close() {
    shutdownNow();
  }

  private static ExecutorService pool(String name, int size) {
    return size == 1 ? Executors.newSingleThreadExecutor(r -> daemon(r, name))
        : Executors.newFixedThreadPool(size, r -> daemon(r, name));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static String key(String name, String descriptor) {
    return name + descriptor;
  }

  private static String descriptor(Method m) {
    return java.lang.invoke.MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
  }

  /**
   * Ray Java's own concurrency-group annotations ({@code io.ray.api.concurrencygroup.annotations}), read by name so
   * that an unchanged Ray program's actors get their groups on jray without jray depending on Ray's API.
   */
  private static final class RayAnnotations {
    private static final String PACKAGE = "io.ray.api.concurrencygroup.annotations.";

    static Map<String, Integer> declaredGroups(Class<?> actorClass) {
      Map<String, Integer> groups = new LinkedHashMap<>();
      for (java.lang.annotation.Annotation a : actorClass.getAnnotations()) {
        String type = a.annotationType().getName();
        if (type.equals(PACKAGE + "DefConcurrencyGroup")) {
          groups.put((String) read(a, "name"), (Integer) read(a, "maxConcurrency"));
        } else if (type.equals(PACKAGE + "DefConcurrencyGroups")) {
          for (Object one : (Object[]) read(a, "value")) {
            groups.put((String) read(one, "name"), (Integer) read(one, "maxConcurrency"));
          }
        }
      }
      return groups;
    }

    static String usedGroup(Method m) {
      for (java.lang.annotation.Annotation a : m.getAnnotations()) {
        if (a.annotationType().getName().equals(PACKAGE + "UseConcurrencyGroup")) {
          return (String) read(a, "name");
        }
      }
      return null;
    }

    private static Object read(Object annotation, String element) {
      try {
        Method getter = ((java.lang.annotation.Annotation) annotation).annotationType().getMethod(element);
        getter.setAccessible(true);
        return getter.invoke(annotation);
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException("Cannot read " + element + " of " + annotation + ": " + e, e);
      }
    }
  }
}
