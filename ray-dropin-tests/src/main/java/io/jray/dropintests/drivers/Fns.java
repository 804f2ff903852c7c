package io.jray.dropintests.drivers;

import io.ray.api.ActorHandle;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.ray.api.exception.RayTaskException;
import java.util.List;

/** Remote functions of the driver programs: plain static methods, as a Ray Java program writes them. */
public final class Fns {
  private Fns() {}

  public static int square(int x) {
    return x * x;
  }

  public static int add(int a, int b) {
    return a + b;
  }

  public static int sleepThenReturn(int ms, int value) throws InterruptedException {
    Thread.sleep(ms);
    return value;
  }

  /** Reads refs that arrived inside a value, with Ray's API in the worker. */
  public static int sumOfRefs(List<ObjectRef<Integer>> refs) {
    return Ray.get(refs).stream().mapToInt(Integer::intValue).sum();
  }

  /** Submits a task from inside a task. */
  public static int nestedSquare(int x) {
    return Ray.task(Fns::square, x).remote().get();
  }

  /** Returns a ref to an object the task put: the caller reads it through the ref inside the value. */
  public static ObjectRef<Integer> putInside(int value) {
    return Ray.put(value);
  }

  public static void log(String line) {
    System.out.println(line);
  }

  /**
   * A resource of the job's code, as a plugin on the job's code search path would be found: through the context class
   * loader, as in a Ray worker (the job's jars are not the JVM's system classpath there either).
   */
  public static String readResource(String name) throws java.io.IOException {
    try (java.io.InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
      return in == null ? "missing" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  public static String systemProperty(String name) {
    return System.getProperty(name, "unset");
  }

  public static String nodeId() {
    return Ray.getRuntimeContext().getCurrentNodeId().toString();
  }

  public static String jobId() {
    return Ray.getRuntimeContext().getCurrentJobId().toString();
  }

  public static int taskIdLength() {
    return Ray.getRuntimeContext().getCurrentTaskId().getBytes().length;
  }

  public static int fail(String message) {
    throw new IllegalStateException(message);
  }

  /** A task that catches the failure of a task it called, as Ray's exception. */
  public static String catchesNestedFailure() {
    try {
      Ray.task(Fns::fail, "inner").remote().get();
      return "no exception";
    } catch (RayTaskException e) {
      return "RayTaskException:" + e.getCause().getMessage();
    }
  }

  /** Calls an actor through a handle that came as an argument. */
  public static int incrementVia(ActorHandle<Counter> counter, int by) {
    return counter.task(Counter::increment, by).remote().get();
  }

  public static String env(String name) {
    return System.getenv(name);
  }
}
