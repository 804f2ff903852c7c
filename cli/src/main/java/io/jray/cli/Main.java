package io.jray.cli;

import picocli.CommandLine;

/** Entry point of the {@code jray} command: builds the command line once and exits with its code. */
public final class Main {
  private Main() {}

  /** The configured command line; tests run it in-process and capture its output. */
  public static CommandLine commandLine() {
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
