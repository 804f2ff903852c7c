package io.jray.cli.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.cli.CliException;
import io.jray.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Reading and validating cluster files: the examples parse, and every mistake names its key and line. */
class ClusterConfigTest {
  private static final Path EXAMPLES = Path.of(System.getProperty("user.dir")).resolve("../cluster-configs");
  private static final Path FILE = Path.of("/work/cluster.yaml");

  private static final String VALID = """
      cluster_name: test
      provider:
        type: local
        head_ip: 10.0.0.5
        worker_ips: [10.0.0.6, 10.0.0.7, 10.0.0.8]
      auth:
        ssh_user: ubuntu
        ssh_private_key: keys/id
      worker_pools:
        cpu:
          count: 2
          resources: {CPU: 4, accel: 1.5, object_store_memory: 1000000}
          start_options: [--labels=zone=a]
        fixed:
          hosts: [10.0.0.9]
      """;

  @Test
  void everyExampleInClusterConfigsParses() throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(EXAMPLES, "*.yaml")) {
      dir.forEach(files::add);
    }
    assertTrue(files.size() >= 2, "cluster-configs/ has the two-hosts and pools examples: " + files);
    for (Path file : files) {
      ClusterConfig config = ClusterConfigLoader.load(file);
      assertFalse(config.clusterName().isBlank(), file.toString());
      for (Path local : config.fileMounts().values()) {
        assertTrue(Files.exists(local), file + " mounts " + local + ", which must ship beside it");
      }
    }
  }

  @Test
  void aValidFileBecomesTypedValuesWithDefaults() {
    ClusterConfig config = ClusterConfigLoader.parse(FILE, VALID);
    assertEquals("test", config.clusterName());
    assertEquals("10.0.0.5", config.provider().headIp());
    assertEquals(22, config.auth().sshPort());
    assertEquals(Path.of("/work/keys/id"), config.auth().sshPrivateKey(), "relative paths are from the file's folder");
    assertEquals(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"), config.auth().knownHosts());
    assertEquals(ClusterConfig.DEFAULT_HEAD_START, config.headStartCommands());
    assertEquals(2, config.workerPools().get("cpu").count());
    assertEquals(List.of("--num-cpus=4", "--object-store-memory=1000000", "--resources={\"accel\":1.5}",
        "--labels=zone=a"), config.workerPools().get("cpu").jrayStartOptions());
  }

  @Test
  void anUnknownKeyIsNamedWithItsLineAndASuggestion() {
    CliException e = error(VALID.replace("worker_pools:", "worker_pool:"));
    assertEquals("cluster.yaml, line 9: unknown key 'worker_pool'; did you mean 'worker_pools'?", e.getMessage());
    assertEquals(ExitCodes.USAGE, e.exitCode());
    String nested = error(VALID.replace("ssh_user: ubuntu", "ssh_user: ubuntu\n  password: x")).getMessage();
    assertTrue(nested.startsWith("cluster.yaml, line 8: unknown key 'auth.password'"), nested);
  }

  @Test
  void aValueOfTheWrongTypeIsNamedWithItsLine() {
    String port = error(VALID.replace("ssh_user: ubuntu", "ssh_user: ubuntu\n  ssh_port: twenty-two")).getMessage();
    assertEquals("cluster.yaml, line 8: 'auth.ssh_port' must be a whole number, not 'twenty-two'.", port);
    String list = error(VALID.replace("[--labels=zone=a]", "--labels=zone=a")).getMessage();
    assertEquals("cluster.yaml, line 13: 'worker_pools.cpu.start_options' must be a list (lines starting with '- '), "
        + "not '--labels=zone=a'.", list);
    String number = error(VALID.replace("CPU: 4", "CPU: four")).getMessage();
    assertTrue(number.startsWith("cluster.yaml, line 12: 'worker_pools.cpu.resources.CPU' must be a number"), number);
  }

  @Test
  void aMissingRequiredKeyIsNamedWithTheLineOfItsMapping() {
    String user = error(VALID.replace("  ssh_user: ubuntu\n", "")).getMessage();
    assertEquals("cluster.yaml, line 7: the required key 'auth.ssh_user' is missing.", user);
    String name = error(VALID.replace("cluster_name: test\n", "")).getMessage();
    assertEquals("cluster.yaml, line 1: the required key 'cluster_name' is missing.", name);
  }

  @Test
  void brokenYamlAndInconsistentPoolsAreErrorsWithLines() {
    assertTrue(error(VALID.replace("type: local", "type: [local")).getMessage().startsWith("cluster.yaml, line "),
        "a syntax error names its line");
    assertEquals("cluster.yaml, line 15: the host 10.0.0.6 is in two pools, 'cpu' and 'fixed'.",
        error(VALID.replace("[10.0.0.9]", "[10.0.0.9, 10.0.0.6]").replace("count: 2", "hosts: [10.0.0.6]"))
            .getMessage());
    assertEquals("cluster.yaml, line 11: the pools with 'count' need 4 hosts, but provider.worker_ips has only 3 "
        + "not named by a pool's 'hosts'.", error(VALID.replace("count: 2", "count: 4")).getMessage());
    assertTrue(error(VALID.replace("type: local", "type: aws")).getMessage().contains("'provider.type' must be 'local'"));
    assertTrue(error(VALID.replace("    hosts: [10.0.0.9]", "    hosts: [10.0.0.9]\n    count: 1")).getMessage()
        .contains("needs exactly one of 'hosts'"));
  }

  @Test
  void aCountedPoolKeepsItsHostsWhenAnotherPoolIsRemoved() {
    String name = "plan-" + UUID.randomUUID();
    String common = VALID.substring(0, VALID.indexOf("worker_pools:")).replace("cluster_name: test", "cluster_name: " + name);
    ClusterConfig before = ClusterConfigLoader.parse(FILE, common + "worker_pools:\n  a: {count: 1}\n  b: {count: 1}\n");
    ClusterState state = ClusterState.load(before);
    assertEquals(Map.of("10.0.0.6", "a", "10.0.0.7", "b"), ClusterPlan.of(before, state).workers());
    state.headStarted(new ClusterState.Head("10.0.0.5", "10.0.0.5:6379", "f"));
    state.workerStarted("10.0.0.6", new ClusterState.Worker("a", "f"));
    state.workerStarted("10.0.0.7", new ClusterState.Worker("b", "f"));
    try {
      // Pool a removed and pool c added before b: b keeps 10.0.0.7, c takes a free host.
      ClusterConfig after = ClusterConfigLoader.parse(FILE, common + "worker_pools:\n  c: {count: 1}\n  b: {count: 1}\n");
      assertEquals(Map.of("10.0.0.6", "c", "10.0.0.7", "b"), ClusterPlan.of(after, ClusterState.load(after)).workers());
    } finally {
      state.headStopped();
    }
  }

  @Test
  void remoteCommandsQuoteAndAppendPoolOptions() throws Exception {
    String awkward = "it's a \"test\" $HOME `x` \\ ;";
    Process p = new ProcessBuilder("/bin/sh", "-c", "printf %s " + RemoteCommands.quote(awkward)).start();
    assertEquals(awkward, new String(p.getInputStream().readAllBytes()));
    assertEquals(List.of("echo start", "jray start --address=$A '--resources={\"a\": 1}'"),
        RemoteCommands.withOptions(List.of("echo start", "jray start --address=$A"), List.of("--resources={\"a\": 1}")));
    assertEquals("10.0.0.5:6379", RemoteCommands.headAddress("Next steps\n    jray start --address='10.0.0.5:6379'\n"));
  }

  @Test
  void installIsAutoUnlessTheFileSaysNoneAndJavaVersionsAreRead() {
    assertEquals(ClusterConfig.Install.AUTO, ClusterConfigLoader.parse(FILE, VALID).install());
    assertEquals(ClusterConfig.Install.NONE, ClusterConfigLoader.parse(FILE, VALID + "install: none\n").install());
    CliException bad = error(VALID + "install: always\n");
    assertEquals(ExitCodes.USAGE, bad.exitCode());
    assertTrue(bad.getMessage().contains("'install' must be 'auto'") && bad.getMessage().contains("line 16"),
        bad.getMessage());
    assertEquals(17, DistributionInstall.javaFeature("openjdk version \"17.0.15\" 2025-04-15\nOpenJDK Runtime"));
    assertEquals(25, DistributionInstall.javaFeature("openjdk version \"25\" 2025-09-16"));
    assertEquals(8, DistributionInstall.javaFeature("java version \"1.8.0_392\""));
    assertEquals(-1, DistributionInstall.javaFeature("sh: 1: java: not found"));
  }

  private static CliException error(String yaml) {
    return assertThrows(CliException.class, () -> ClusterConfigLoader.parse(FILE, yaml));
  }
}
