package io.jray.cli;

import io.jray.cli.tls.ClusterCertificates;
import io.jray.runtime.rpc.ClusterTls;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jray tls}: the cluster's TLS identity. */
@Command(name = "tls", mixinStandardHelpOptions = true,
    description = "Make the certificates for mutual TLS between every jray process (JRAY_USE_TLS=1).",
    subcommands = {TlsCommand.Init.class},
    footerHeading = "%nExamples:%n",
    footer = {"  jray tls init", "  jray tls init --out=/etc/jray/tls --force"})
final class TlsCommand {

  /** {@code jray tls init}: a cluster CA and the one certificate nodes and clients share. */
  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Make a cluster CA and a certificate signed by it that every node and client presents: ca.crt, "
          + "ca.key, server.crt and server.key (folder 0700, files 0600).",
      footerHeading = "%nExamples:%n",
      footer = {"  jray tls init && export JRAY_USE_TLS=1 && jray start --head",
          "  jray tls init --out=/etc/jray/tls"})
  static final class Init implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", paramLabel = "<dir>", description = "Where to write the files (default: ~/.jray/tls).")
    Path out;

    @Option(names = "--force", description = "Replace the files if they exist (every node then needs the new ones).")
    boolean force;

    @Override
    public Integer call() {
      Path dir = (out != null ? out : ClusterTls.defaultDir()).toAbsolutePath().normalize();
      try {
        new ClusterCertificates().writeInto(dir, force);
      } catch (FileAlreadyExistsException e) {
        throw new CliException(e.getFile() + " already exists; pass --force to replace the cluster's certificates, "
            + "or --out=<another folder>.", ExitCodes.FAILED, e);
      } catch (IOException e) {
        throw new CliException("Cannot write the certificates into " + dir + " (" + e.getMessage()
            + "); choose a writable --out.", ExitCodes.FAILED, e);
      }
      PrintWriter o = spec.commandLine().getOut();
      o.println("Wrote the cluster CA and the node certificate to " + dir + ":");
      o.println("  ca.crt, server.crt, server.key   copy these to every node and client (jray up does)");
      o.println("  ca.key                           keep it here: it signs new certificates, no node needs it");
      o.println();
      o.println("Turn TLS on for every jray process (nodes, drivers, the CLI):");
      if (out == null) {
        o.println("  export JRAY_USE_TLS=1");
      } else {
        o.println("  export JRAY_USE_TLS=1 JRAY_TLS_SERVER_CERT=" + dir.resolve("server.crt") + " JRAY_TLS_SERVER_KEY="
            + dir.resolve("server.key") + " JRAY_TLS_CA_CERT=" + dir.resolve("ca.crt"));
      }
      o.flush();
      return ExitCodes.OK;
    }
  }
}
