package io.jray.cli.launcher;

/** A job's main class for {@code jray submit --cluster}: prints where it ran and exits with the status it is given. */
public final class HelloJob {
  private HelloJob() {}

  public static void main(String[] args) {
    System.out.println("hello from the head, args " + String.join(",", args));
    System.exit(args.length > 0 ? Integer.parseInt(args[0]) : 0);
  }
}
