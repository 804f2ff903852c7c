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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads of one actor: its default group ({@code maxConcurrency} threads; one thread runs calls in arrival
 * order) and its named concurrency groups, given at creation or declared on its class with
 * {@link DefConcurrencyGroup}. A call runs in the group it names, else its method's group (listed at creation or
 * marked {@link UseConcurrencyGroup}), else the default one.
 */
public final class ActorThreads implements AutoCloseable {
  private final ExecutorService defaultGroup;
  private final Map<String, ExecutorService> groups = new LinkedHashMap<>();
  /** Method name + JVM descriptor to its group's name. */
  private final Map<String, String> methodGroups = new HashMap<>();

  private ActorThreads(ExecutorService defaultGroup) {
    this.defaultGroup = defaultGroup;
  }

  /**
   * The threads for an actor of {@code actorClass} (null when unknown) created with {@code groups}.
   *
   * @throws IllegalArgumentException when two groups share a name or a method is in two groups
   */
  public static ActorThreads of(Class<?> actorClass, int maxConcurrency, List<ConcurrencyGroupSpec> groups) {
    ActorThreads threads = new ActorThreads(pool("actor", Math.max(1, maxConcurrency)));
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
