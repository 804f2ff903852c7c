package io.jray.cli;

import picocli.CommandLine;

/** Entry point of the {@code jray} command: builds the command line once and exits with its code. */
public final class Main {
  /**
   * gRPC's own warnings (a name that does not resolve, a connection refused) would print a stack trace before
   * the command's one-sentence error; the error says it, and --verbose adds the trace. Held: a logger's level is
   * kept only while the logger is referenced.
   */
  private static final java.util.logging.Logger GRPC_LOG = java.util.logging.Logger.getLogger("io.grpc");
  /** Likewise the daemons' own log lines from code the CLI runs in-process (a storage check at start). */
  private static final java.util.logging.Logger JRAY_LOG = java.util.logging.Logger.getLogger("io.jray");

  private Main() {}

  /** The configured command line; tests run it in-process and capture its output. */
  public static CommandLine commandLine() {
    GRPC_LOG.setLevel(java.util.logging.Level.SEVERE);
    JRAY_LOG.setLevel(java.util.logging.Level.SEVERE);
    ErrorHandler errors = new ErrorHandler();
    return new CommandLine(new JrayCommand())
        .setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors)
        .setCaseInsensitiveEnumValuesAllowed(true);
  }

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    System.exit(code);
  }
}
