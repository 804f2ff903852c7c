package io.jray.cli;

/** The exit codes of every jray command (CLI.md). */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;
  /** The work failed: a node could not start, the cluster is unreachable, a job failed. */
  public static final int FAILED = 1;
  /** The command line was wrong: unknown option, invalid value. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
