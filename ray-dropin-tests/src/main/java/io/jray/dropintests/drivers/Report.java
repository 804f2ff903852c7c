package io.jray.dropintests.drivers;

/** What a driver program found, one {@code key=value} line each on stdout, for the test that runs it to check. */
final class Report {
  private Report() {}

  static void line(String key, Object value) {
    System.out.println(key + "=" + value);
    System.out.flush();
  }
}
