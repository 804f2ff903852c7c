package io.jray.cli;

/** A failure the user can act on: one sentence (what is wrong, what to do) and the exit code to end with. */
public final class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(String message) {
    this(message, ExitCodes.FAILED, null);
  }

  public CliException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
