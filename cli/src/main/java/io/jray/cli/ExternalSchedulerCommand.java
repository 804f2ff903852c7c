package io.jray.cli;

import io.jray.scheduling.external.ExternalSchedulerAddress;
import io.jray.scheduling.external.ReferenceScheduler;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jray external-scheduler}: the reference external scheduler service, in the foreground until Ctrl-C (or
 * SIGTERM), for {@code jray start --head --external-scheduler}.
 */
@Command(name = "external-scheduler", mixinStandardHelpOptions = true, versionProvider = JrayVersion.class,
    description = "Run a reference external scheduler service (the VU external scheduler's protocol) in the "
        + "foreground; a head started with --external-scheduler hands its placement decisions to it.",
    footerHeading = "%nExamples:%n",
    footer = {"  jray external-scheduler", "  jray external-scheduler --port=45000 --policy=spread",
        "  jray start --head --external-scheduler=127.0.0.1:45000"})
final class ExternalSchedulerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--host", defaultValue = ExternalSchedulerAddress.DEFAULT_HOST, paramLabel = "<ip>",
      description = "The address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "" + ExternalSchedulerAddress.DEFAULT_PORT, paramLabel = "<port>",
      description = "The port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--policy", defaultValue = "least-placed", paramLabel = "<policy>",
      description = "least-placed (the fitting node it placed the fewest requests on, the seed's policy; the "
          + "default), pack (the fitting node with the lowest id), spread (round-robin) or random.")
  String policy;

  @Option(names = "--quiet", description = "Do not print a line per client connecting or leaving.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    ReferenceScheduler.Policy chosen;
    try {
      chosen = ReferenceScheduler.Policy.parse(policy);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (port <= 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 1 and 65535, not " + port);
    }
    PrintWriter out = spec.commandLine().getOut();
    ReferenceScheduler service;
    try {
      service = new ReferenceScheduler(host, port, chosen, line -> {
        if (!quiet) {
          synchronized (out) {
            out.println(line);
            out.flush();
          }
        }
      });
    } catch (IOException e) {
      throw new CliException("Cannot listen on " + host + ":" + port + " (" + e.getMessage() + "); choose another "
          + "--host or --port.", ExitCodes.FAILED, e);
    }
    if (!java.net.InetAddress.getByName(host).isLoopbackAddress()) {
      spec.commandLine().getErr().println("Warning: " + host + " is not a loopback address and the scheduler's wire "
          + "has no authentication: anyone who reaches it can read and steer placements.");
      spec.commandLine().getErr().flush();
    }
    try (service; InterruptOnCtrlC ctrlC = new InterruptOnCtrlC()) {
      out.println("External scheduler listening on " + host + ":" + service.port() + " (policy " + chosen.cliName()
          + "); Ctrl-C stops it.");
      out.flush();
      Thread.currentThread().join();
    } catch (InterruptedException stopped) {
      out.println("Stopped; placed " + service.placedCounts().values().stream().mapToLong(Long::longValue).sum()
          + " request(s).");
    }
    return ExitCodes.OK;
  }
}
