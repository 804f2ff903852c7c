package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.jray.testing.ClusterHarness;
import io.jray.testing.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code jray up} brings jray itself ({@code install: auto}, the default): hosts whose SSH sessions have Java but no
 * {@code jray} get the operator's distribution uploaded over SFTP and unpacked under {@code ~/.jray/dist/<version>},
 * and their nodes run from it; a host that has it already is not sent it again; a host without Java is named in one
 * sentence. The operator's distribution is a folder whose {@code bin/jray} runs this build's CLI.
 */
@Timeout(600)
class CliInstallTest {
  private static final String HEAD = "127.0.0.2";
  private static final String WORKER = "127.0.0.3";
  private static final String NO_JAVA = "127.0.0.4";
  private static final String VERSION = "dev"; // the CLI runs from class folders: no Implementation-Version

  @Test
  void upInstallsItsOwnDistributionOnHostsWithoutJrayAndNamesAHostWithoutJava() throws Exception {
    Path work = Files.createTempDirectory(TestProcesses.root(), "install-");
    // A host without Java: only the shell tools the launcher needs before it looks for Java.
    Path tools = Files.createDirectories(work.resolve("tools-without-java"));
    for (String tool : List.of("sh", "cat", "mkdir", "dirname", "chmod", "mv")) {
      Files.createSymbolicLink(tools.resolve(tool), Path.of("/bin", tool).toRealPath());
    }
    Map<String, String> paths = Map.of(HEAD, "/usr/bin:/bin", WORKER, "/usr/bin:/bin", NO_JAVA, tools.toString());
    try (CliRun cli = CliRun.sandbox(); SshHosts hosts = SshHosts.startWithPaths(cli, paths, HEAD, WORKER, NO_JAVA)) {
      Path dist = Files.createDirectories(work.resolve("dist"));
      Files.createDirectories(dist.resolve("bin"));
      SshHosts.writeJrayCommand(dist.resolve("bin").resolve("jray"));
      Files.createDirectories(dist.resolve("lib"));
      Files.writeString(dist.resolve("lib").resolve("VERSION"), "first\n");
      List<String> jvm = List.of("-Djray.home=" + dist);
      Map<String, String> env = Map.of("JRAY_CLUSTERS_DIR", work.resolve("clusters").toString(),
          "JRAY_AUTH_TOKEN", CliClusterLauncherTest.randomToken());
      String common = "cluster_name: installed\n"
          + "provider: {type: local, head_ip: " + HEAD + ", worker_ips: [" + WORKER + "]}\n"
          + hosts.authYaml()
          + "head_start_jray_commands:\n"
          + "  - jray start --head --port=" + ClusterHarness.freePort() + " --node-ip-address=$JRAY_NODE_IP"
          + " --num-cpus=1 --object-store-memory=128MiB\n"
          + "worker_pools:\n"
          + "  cpu: {count: 1, resources: {CPU: 1}, start_options: [--object-store-memory=128MiB]}\n";
      Path file = work.resolve("cluster.yaml");
      Files.writeString(file, common);

      CliRun.Result up = cli.runWithJvmOptions(jvm, env, "up", file.toString(), "-y", "--accept-new-host-keys")
          .expectExit(0);
      for (String ip : List.of(HEAD, WORKER)) {
        String label = ip.equals(HEAD) ? "head " + HEAD : "cpu " + WORKER;
        assertTrue(up.out().contains("[" + label + "] Installed jray " + VERSION + " in ~/.jray/dist/" + VERSION),
            up::toString);
        Path installed = hosts.host(ip).home().resolve(".jray/dist").resolve(VERSION);
        assertEquals("first\n", Files.readString(installed.resolve("lib/VERSION")), "the distribution reached " + ip);
        assertTrue(Files.isExecutable(installed.resolve("bin/jray")));
        try (var left = Files.list(installed.getParent())) {
          assertEquals(List.of(installed), left.toList(), "no upload or half-unpacked copy is left on " + ip);
        }
      }
      String address = JsonParser.parseString(Files.readString(work.resolve("clusters").resolve("installed.json")))
          .getAsJsonObject().getAsJsonObject("head").get("address").getAsString();
      Set<String> alive = new HashSet<>();
      for (JsonElement n : JsonParser.parseString(cli.run(env, "status", "--address=" + address, "--format=json")
          .expectExit(0).out()).getAsJsonObject().getAsJsonArray("nodes")) {
        if (n.getAsJsonObject().get("state").getAsString().equals("ALIVE")) {
          alive.add(n.getAsJsonObject().get("node_ip").getAsString());
        }
      }
      assertEquals(Set.of(HEAD, WORKER), alive, "both hosts run a node from the jray up installed");

      // down stops the nodes through the installed jray; the next up finds it there and sends nothing.
      cli.runWithJvmOptions(jvm, env, "down", file.toString(), "-y").expectExit(0);
      assertEquals(List.of(), cli.leftRunning());
      CliRun.Result again = cli.runWithJvmOptions(jvm, env, "up", file.toString(), "-y").expectExit(0);
      assertTrue(again.out().contains("[head " + HEAD + "] jray " + VERSION + " is installed"), again::toString);
      assertFalse(again.out().contains("Installed jray"), again::toString);
      cli.runWithJvmOptions(jvm, env, "down", file.toString(), "-y").expectExit(0);

      // Another build of the same version (a file changed) replaces the copy.
      Files.writeString(dist.resolve("lib").resolve("VERSION"), "second\n");
      CliRun.Result newer = cli.runWithJvmOptions(jvm, env, "up", file.toString(), "-y").expectExit(0);
      assertTrue(newer.out().contains("[cpu " + WORKER + "] Installed jray " + VERSION), newer::toString);
      assertEquals("second\n", Files.readString(hosts.host(WORKER).home().resolve(".jray/dist/dev/lib/VERSION")));

      // A pool on a host without Java: one sentence naming the host and what to install; the others keep running.
      Files.writeString(file, common + "  bare: {hosts: [" + NO_JAVA + "]}\n");
      CliRun.Result bare = cli.runWithJvmOptions(jvm, env, "up", file.toString(), "-y", "--accept-new-host-keys")
          .expectExit(1);
      assertTrue(bare.err().contains("The host " + NO_JAVA + " has no 'java' on the PATH of its non-interactive SSH "
          + "sessions; install Java 17 or newer there"), bare::toString);
      assertFalse(bare.err().contains("Exception"), bare::toString);
      cli.runWithJvmOptions(jvm, env, "down", file.toString(), "-y").expectExit(0);
      assertEquals(List.of(), cli.leftRunning());
    }
  }
}
