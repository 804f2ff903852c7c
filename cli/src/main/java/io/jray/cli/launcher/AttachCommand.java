package io.jray.cli.launcher;

import io.jray.cli.JrayVersion;
import io.jray.cli.VerboseMixin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code jray attach cluster.yaml}: an interactive shell on the head. On a terminal it gets a remote terminal of the
 * same size and the local one is put in raw mode ({@code stty}) until the shell ends; otherwise the shell reads
 * this command's standard input.
 */
@Command(name = "attach", mixinStandardHelpOptions = true, versionProvider = JrayVersion.class, sortOptions = false,
    description = "Open an interactive shell on the cluster's head (or on --node-ip) over SSH.",
    footerHeading = "%nExamples:%n",
    footer = {"  jray attach cluster.yaml", "  jray attach cluster.yaml --node-ip=10.0.0.6"})
public final class AttachCommand implements Callable<Integer> {
  private static final long STTY_TIMEOUT_S = 5;

  @Mixin ClusterFileMixin cluster;

  @Mixin NodeIpMixin node;

  @Mixin VerboseMixin verbose;

  @Override
  public Integer call() throws Exception {
    String host = cluster.host(node.nodeIp);
    try (SshSession ssh = cluster.connect(host)) {
      if (System.console() == null) {
        return ExecCommand.exitCode(ssh.shell(System.in, System.out, null, 0, 0));
      }
      String saved = stty("-g").strip();
      String[] size = stty("size").strip().split("\\s+");
      int rows = size.length == 2 ? Integer.parseInt(size[0]) : 24;
      int columns = size.length == 2 ? Integer.parseInt(size[1]) : 80;
      String term = System.getenv().getOrDefault("TERM", "xterm");
      stty("raw", "-echo");
      try {
        return ExecCommand.exitCode(ssh.shell(System.in, System.out, term, columns, rows));
      } finally {
        stty(saved);
      }
    }
  }

  /** Runs stty on this terminal and returns what it printed. */
  private static String stty(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "stty";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(STTY_TIMEOUT_S, TimeUnit.SECONDS);
    return out;
  }
}
