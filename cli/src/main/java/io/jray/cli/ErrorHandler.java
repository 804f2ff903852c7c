package io.jray.cli;

import io.jray.node.NodeStartException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns every failure into one sentence on stderr and a documented exit code. Stack traces only with
 * {@code --verbose}. Usage errors get the sentence and a hint to {@code --help}, exit 2.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    if (e instanceof CommandLine.ParameterException pe) {
      return handleParseException(pe, new String[0]);
    }
    String message;
    int code;
    if (e instanceof CliException ce) {
      message = ce.getMessage();
      code = ce.exitCode();
    } else if (e instanceof NodeStartException nse) {
      message = nse.getMessage();
      code = ExitCodes.FAILED;
    } else if (e instanceof IllegalArgumentException iae) {
      message = iae.getMessage();
      code = ExitCodes.USAGE;
    } else {
      message = "Unexpected error: " + e + "; run again with --verbose for details.";
      code = ExitCodes.FAILED;
    }
    err.println(cmd.getColorScheme().errorText(message));
    if (isVerbose(parsed)) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  @Override
  public int handleParseException(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(cmd.getColorScheme().errorText(e.getMessage()));
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCodes.USAGE;
  }

  private static boolean isVerbose(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
