package io.jray.runtime;

import io.jray.api.Ray;

/** A driver that finds its cluster as a user's would, with {@code Ray.init()}, runs one task and exits. */
public final class InitDriver {
  private InitDriver() {}

  public static void main(String[] args) {
    Ray.init();
    System.out.println("square: " + Ray.task(TestFunctions::square, 7).remote().get());
    Ray.shutdown();
  }
}
