package io.jray.cli;

import io.jray.node.NodeStartException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
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
      // A value the parser could not check (an address, a JRAY_* setting): a usage error.
      message = iae.getMessage();
      code = ExitCodes.USAGE;
    } else if (e instanceof UncheckedIOException uio) {
      message = uio.getMessage();
      code = ExitCodes.FAILED;
    } else {
      message = "Unexpected error: " + e + "; run again with --verbose for details.";
      code = ExitCodes.FAILED;
    }
    err.println(cmd.getColorScheme().errorText(message));
    if (code == ExitCodes.USAGE) {
      err.println(hint(cmd));
    }
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
    String message = e.getMessage();
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
      // Suggestions join the sentence, so a typo still costs one line and the hint.
      List<String> suggestions = unmatched.getSuggestions();
      message += "; did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?";
    }
    err.println(cmd.getColorScheme().errorText(message));
    err.println(hint(cmd));
    err.flush();
    return ExitCodes.USAGE;
  }

  private static String hint(CommandLine cmd) {
    return "Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.";
  }

  /** --verbose given, or defaulted to true (as 'jray shell --verbose' does for the commands it runs). */
  private static boolean isVerbose(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      CommandLine.Model.OptionSpec verbose = p.commandSpec().findOption("--verbose");
      if (verbose != null && Boolean.TRUE.equals(verbose.getValue())) {
        return true;
      }
    }
    return false;
  }
}
