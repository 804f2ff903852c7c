package io.jray.api;

/** Functions and an actor class the tests submit (they never run remotely here). */
final class Fns {

  private Fns() {}

  static int square(int x) {
    return x * x;
  }

  static int add(int a, int b) {
    return a + b;
  }

  static String join(String a, int b, long c, double d, boolean e, char f) {
    return a + b + c + d + e + f;
  }

  static void log(String message) {}

  /** An actor class. */
  static final class Counter {
    private int value;

    Counter(int start) {
      value = start;
    }

    int add(int delta) {
      value += delta;
      return value;
    }

    void reset() {
      value = 0;
    }
  }
}
