package io.jray.examples;

import io.jray.api.Ray;

/**
 * A driver whose classpath puts its own gson and protobuf-java (older than jray's) ahead of io.jray:jray: prints
 * which jar each class comes from, in the driver and in a task, and that jray's cluster ran the task.
 */
public final class OwnLibrariesDriver {
  private OwnLibrariesDriver() {}

  static String jarOf(String className) throws ClassNotFoundException {
    return Class.forName(className).getProtectionDomain().getCodeSource().getLocation().getPath();
  }

  static String librariesSeen() throws ClassNotFoundException {
    return jarOf("com.google.gson.Gson") + "|" + jarOf("com.google.protobuf.ByteString");
  }

  public static void main(String[] args) throws Exception {
    Ray.init(); // no cluster around: a local one of real processes, started from this classpath
    System.out.println("driver " + librariesSeen());
    System.out.println("task " + Ray.task(OwnLibrariesDriver::librariesSeen).remote().get());
    System.out.println("sampled " + Ray.task(MonteCarloPi::sample, 1000L, 7L).remote().get());
    Ray.shutdown();
  }
}
