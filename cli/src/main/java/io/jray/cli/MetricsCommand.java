package io.jray.cli;

import io.jray.runtime.files.PrivateFiles;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.ClusterTls;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jray metrics}: how Prometheus scrapes the cluster. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
    description = "Scrape the cluster's Prometheus metrics: every GCS, raylet and object store exports its own.",
    subcommands = {MetricsCommand.PrometheusConfig.class},
    footerHeading = "%nExamples:%n",
    footer = {"  jray metrics prometheus-config > prometheus.yml",
        "  jray metrics prometheus-config --out=/etc/prometheus/jray"})
final class MetricsCommand {
  /** The file the head keeps listing every node's metrics endpoints (Ray's name). */
  static final String DISCOVERY_FILE = "prom_metrics_service_discovery.json";

  /** {@code jray metrics prometheus-config}: a scrape config over the head's service-discovery list. */
  @Command(name = "prometheus-config", mixinStandardHelpOptions = true,
      description = "Print a Prometheus scrape config for this host's cluster: it reads the list of metrics "
          + "endpoints the head keeps current (" + DISCOVERY_FILE + " in the temp dir) and sends the cluster "
          + "token as a bearer token. With --out, write prometheus.yml there with copies of the token and of the "
          + "list (0600), for a Prometheus that runs as another user (run it again when nodes change).",
      footerHeading = "%nExamples:%n",
      footer = {"  jray metrics prometheus-config > prometheus.yml && prometheus --config.file=prometheus.yml",
          "  jray metrics prometheus-config --out=/etc/prometheus/jray"})
  static final class PrometheusConfig implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", paramLabel = "<dir>", description = "Write prometheus.yml, token and the list here.")
    Path out;

    @Option(names = "--scrape-interval", defaultValue = "5s", paramLabel = "<duration>",
        description = "How often Prometheus scrapes (default: ${DEFAULT-VALUE}).")
    String scrapeInterval;

    @Mixin TempDirMixin tempDir;

    @Override
    public Integer call() {
      Path discovery = tempDir.get().toAbsolutePath().resolve(DISCOVERY_FILE);
      AuthToken token = AuthToken.find();
      if (token == null) {
        throw new CliException("No cluster token was found; set JRAY_AUTH_TOKEN or copy the head's "
            + AuthToken.tokenFile() + " to this machine.");
      }
      Path tokenFile = AuthToken.tokenFile().toAbsolutePath();
      PrintWriter o = spec.commandLine().getOut();
      if (out == null) {
        if (!Files.exists(discovery)) {
          throw new CliException("No jray head runs with temp dir " + tempDir.get() + " (no " + DISCOVERY_FILE
              + "); start one with 'jray start --head', or pass its --temp-dir.");
        }
        if (System.getenv(AuthToken.ENV_TOKEN) != null) {
          throw new CliException("The token comes from " + AuthToken.ENV_TOKEN + ", which Prometheus cannot read; "
              + "pass --out=<dir> to write a copy of it there.");
        }
        o.print(config(tokenFile, discovery, ClusterTls.files().caCert()));
        o.flush();
        return ExitCodes.OK;
      }
      Path dir = out.toAbsolutePath().normalize();
      try {
        PrivateFiles.ensurePrivateDir(dir, "Prometheus config folder", "choose another --out");
        PrivateFiles.writeAtomically(dir.resolve("token"), token.value().getBytes(StandardCharsets.UTF_8));
        Path list = dir.resolve(DISCOVERY_FILE);
        PrivateFiles.writeAtomically(list, Files.exists(discovery) ? Files.readAllBytes(discovery)
            : "[]".getBytes(StandardCharsets.UTF_8));
        Path ca = dir.resolve("ca.crt");
        if (ClusterTls.enabled()) {
          PrivateFiles.writeAtomically(ca, Files.readAllBytes(ClusterTls.files().caCert()));
        }
        PrivateFiles.writeAtomically(dir.resolve("prometheus.yml"),
            config(dir.resolve("token"), list, ca).getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new CliException("Cannot write the Prometheus config into " + dir + " (" + e.getMessage()
            + "); choose a writable --out.", ExitCodes.FAILED, e);
      }
      o.println("Wrote prometheus.yml, token and " + DISCOVERY_FILE + " (0600) to " + dir + ".");
      o.println("  prometheus --config.file=" + dir.resolve("prometheus.yml"));
      return ExitCodes.OK;
    }

    /** With TLS on, the endpoints speak HTTPS: checked against the cluster CA, under the name its certificates hold. */
    private String config(Path token, Path discovery, Path ca) {
      return "# Prometheus scrape config for the jray cluster of temp dir " + tempDir.get() + "\n"
          + "global:\n"
          + "  scrape_interval: " + scrapeInterval + "\n"
          + "scrape_configs:\n"
          + "  - job_name: jray\n"
          + (ClusterTls.enabled() ? "    scheme: https\n    tls_config:\n      ca_file: '" + ca + "'\n"
              + "      server_name: localhost\n" : "")
          + "    authorization:\n"
          + "      type: Bearer\n"
          + "      credentials_file: '" + token + "'\n"
          + "    file_sd_configs:\n"
          + "      - files:\n"
          + "          - '" + discovery + "'\n"
          + "        refresh_interval: " + scrapeInterval + "\n";
    }
  }
}
