package io.jray.cli;

import io.jray.node.NodeStopper;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jray stop}: ends the processes this machine's temp dir records, and nothing else. */
@Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = JrayVersion.class,
    description = "Stop the jray processes started from this machine's temp dir (matched by pid and start time, never by name).",
    footerHeading = "%nExamples:%n",
    footer = {"  jray stop", "  jray stop --temp-dir=/tmp/jray-node2 --force"})
final class StopCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--force"}, description = "Kill with SIGKILL at once instead of SIGTERM first.")
  boolean force;

  @Option(names = {"-g", "--grace-period"}, defaultValue = "16", paramLabel = "<seconds>",
      description = "Seconds to wait after SIGTERM before SIGKILL (default: ${DEFAULT-VALUE}).")
  int gracePeriod;

  @Mixin TempDirMixin tempDir;
  @Mixin VerboseMixin verbose;

  @Override
  public Integer call() throws Exception {
    if (gracePeriod < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--grace-period must be 0 or more");
    }
    NodeStopper.Result result = NodeStopper.stop(tempDir.get(), force, gracePeriod * 1000L);
    PrintWriter out = spec.commandLine().getOut();
    if (result.stopped() == 0) {
      out.println("Did not find any active jray processes in " + tempDir.get() + ".");
    } else {
      out.println("Stopped " + result.stopped() + " jray process" + (result.stopped() == 1 ? "" : "es") + ".");
    }
    out.flush();
    return ExitCodes.OK;
  }
}
