package io.jray.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.jray.testing.Await;
import io.jray.testing.LocalAccount;
import io.jray.testing.NetnsHosts;
import io.jray.testing.TestProcesses;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The distribution on three machines reached over OpenSSH ({@link OpenSshHosts}: network namespaces with their own
 * addresses, /tmp, /dev/shm and home, each with Debian's sshd), driven from the operator's side by the unpacked
 * tarball's {@code bin/jray} as a user would: {@code jray up} installs jray on hosts that have only Java
 * ({@code install: auto}) and starts a head and a pool of two; {@code jray status} lists three nodes by their own
 * addresses; {@code jray exec} runs on the head; {@code jray submit --cluster} runs a job whose tasks run on every
 * host and pass a 50 MB value between two of them; {@code rsync-up}/{@code rsync-down} copy files to every node and
 * back; a pool removed and another added; {@code jray down} leaves nothing running on any host. Root only; in CI
 * (CI=true) a missing prerequisite fails instead of skipping.
 */
@Tag("netns")
@Timeout(900)
class MultiHostIT {
  private static final Duration NODE_GONE = Duration.ofSeconds(90);

  @Test
  void upOverOpenSshInstallsJrayRunsAJobAcrossThreeHostsAndDownLeavesNothing() throws Exception {
    boolean ci = "true".equals(System.getenv("CI"));
    if (!ci) {
      assumeTrue(LocalAccount.runningAsRoot(), "network namespaces and sshd need root");
      assumeTrue(Files.isExecutable(Path.of(OpenSshHosts.SSHD)), "openssh-server is not installed");
    }
    Path work = Files.createTempDirectory(TestProcesses.root(), "multi-host-");
    Path jray = DistributionIT.unpack(work.resolve("operator"));
    Path home = Files.createDirectories(work.resolve("operator-home"));
    byte[] bits = new byte[32];
    new SecureRandom().nextBytes(bits);
    Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString(),
        "JRAY_CLUSTERS_DIR", work.resolve("clusters").toString(), "JRAY_AUTH_TOKEN", HexFormat.of().formatHex(bits),
        "JRAY_TMPDIR", work.resolve("operator-tmp").toString()));
    Path file = work.resolve("cluster.yaml");
    try (OpenSshHosts ssh = OpenSshHosts.create(work.resolve("client"), "head", "b", "c")) {
      String head = ssh.host("head").ip();
      String b = ssh.host("b").ip();
      String c = ssh.host("c").ip();
      String common = "cluster_name: machines\n"
          + "provider: {type: local, head_ip: " + head + ", worker_ips: [" + b + ", " + c + "]}\n"
          + "auth: {ssh_user: root, ssh_private_key: " + ssh.privateKey() + ", known_hosts: " + ssh.knownHosts()
          + "}\n"
          + "head_start_jray_commands:\n"
          + "  - jray start --head --port=6379 --node-ip-address=$JRAY_NODE_IP --num-cpus=1"
          + " --object-store-memory=256MiB --dashboard-host=$JRAY_NODE_IP\n";
      String pool = "worker_pools:\n  cpu: {count: 2, resources: {CPU: 1}, start_options: [--object-store-memory=256MiB]}\n";
      Files.writeString(file, common + pool);

      DistributionIT.Result up = run(work, env, jray, "up", file.toString(), "-y", "--accept-new-host-keys");
      assertEquals(0, up.exitCode(), up.out());
      for (NetnsHosts.Host host : ssh.hosts()) {
        assertTrue(up.out().contains(host.ip() + "] Installed jray "), up.out());
        try (Stream<Path> installed = Files.list(host.home().resolve(".jray/dist"))) {
          assertEquals(1, installed.count(), "one copy of jray on " + host);
        }
      }
      String address = head + ":6379";
      assertEquals(Set.of(head, b, c), aliveNodes(work, env, jray, address), "status lists the three hosts");

      DistributionIT.Result exec = run(work, env, jray, "exec", file.toString(), "jray status --format=json");
      assertEquals(0, exec.exitCode(), exec.out());
      assertTrue(exec.out().contains("\"node_ip\": \"" + c + "\"") || exec.out().contains("\"node_ip\":\"" + c + "\""),
          exec.out());

      DistributionIT.Result job = run(work, env, jray, "submit", "--cluster", file.toString(),
          "--main-class=" + EveryHostJob.class.getName(), jobJar(work).toString());
      assertEquals(0, job.exitCode(), job.out());
      for (String ip : List.of(head, b, c)) {
        assertTrue(job.out().contains("ran on " + ip), job.out());
      }
      long sum = 0;
      for (byte v : EveryHostJob.make()) {
        sum += v & 0xff;
      }
      assertTrue(job.out().matches("(?s).*moved " + EveryHostJob.BYTES + " bytes from (" + b + "|" + c + ") to ("
          + b + "|" + c + ") sum " + sum + ".*"), job.out());
      assertFalse(job.out().contains("moved " + EveryHostJob.BYTES + " bytes from " + b + " to " + b), job.out());

      Path data = Files.createDirectories(work.resolve("data"));
      Files.writeString(data.resolve("input.txt"), "to every host\n");
      DistributionIT.Result rsyncUp = run(work, env, jray, "rsync-up", file.toString(), data.toString(), "data",
          "--all-nodes");
      assertEquals(0, rsyncUp.exitCode(), rsyncUp.out());
      for (NetnsHosts.Host host : ssh.hosts()) {
        assertEquals("to every host\n", Files.readString(host.home().resolve("data/input.txt")), "rsync-up to " + host);
      }
      Files.writeString(ssh.host("head").home().resolve("data/output.txt"), "made on the head\n");
      Path back = work.resolve("back");
      DistributionIT.Result rsyncDown = run(work, env, jray, "rsync-down", file.toString(), "data", back.toString());
      assertEquals(0, rsyncDown.exitCode(), rsyncDown.out());
      assertEquals("made on the head\n", Files.readString(back.resolve("output.txt")));

      // The pool of two goes; a pool of one fixed host comes: one host stops, the other is started as the new pool's.
      Files.writeString(file, common + "worker_pools:\n  fixed: {hosts: [" + b + "], resources: {CPU: 1},"
          + " start_options: [--object-store-memory=256MiB]}\n");
      DistributionIT.Result changed = run(work, env, jray, "up", file.toString(), "-y");
      assertEquals(0, changed.exitCode(), changed.out());
      assertTrue(changed.out().contains("[cpu " + c + "] Stopped jray"), changed.out());
      assertTrue(changed.out().contains("[fixed " + b + "]"), changed.out());
      assertTrue(changed.out().contains("jray 0.1.0-SNAPSHOT is installed") || changed.out().contains("is installed"),
          changed.out());
      assertEquals(List.of(), ssh.leftRunning(ssh.host("c")), "the removed pool's host runs nothing");
      Await.until("status shows head and b alive, c gone", NODE_GONE,
          () -> aliveNodes(work, env, jray, address).equals(Set.of(head, b)));

      DistributionIT.Result down = run(work, env, jray, "down", file.toString(), "-y");
      assertEquals(0, down.exitCode(), down.out());
      for (NetnsHosts.Host host : ssh.hosts()) {
        Await.until("nothing runs on " + host + " but sshd", Duration.ofSeconds(30),
            () -> ssh.leftRunning(host).isEmpty());
      }
    } finally {
      run(work, env, jray, "down", file.toString(), "-y"); // a failed step left the cluster up: the hosts close anyway
    }
  }

  private static DistributionIT.Result run(Path dir, Map<String, String> env, Path jray, String... args) {
    String[] command = Stream.concat(Stream.of(jray.toString()), Stream.of(args)).toArray(String[]::new);
    return DistributionIT.run(dir, env, command);
  }

  private static Set<String> aliveNodes(Path dir, Map<String, String> env, Path jray, String address) {
    DistributionIT.Result status = run(dir, env, jray, "status", "--address=" + address, "--format=json");
    if (status.exitCode() != 0) {
      return Set.of();
    }
    String json = status.out().substring(status.out().indexOf('{'));
    return JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("nodes").asList().stream()
        .map(JsonElement::getAsJsonObject).filter(n -> n.get("state").getAsString().equals("ALIVE"))
        .map(n -> n.get("node_ip").getAsString()).collect(Collectors.toSet());
  }

  /** A jar of the job's classes, from this module's test classes. */
  private static Path jobJar(Path work) throws IOException {
    Path classes = Path.of(EveryHostJob.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    Path jar = work.resolve("every-host-job.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
         Stream<Path> files = Files.list(classes.resolve("io/jray/dist"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("EveryHostJob")).toList()) {
        zip.putNextEntry(new JarEntry("io/jray/dist/" + f.getFileName()));
        Files.copy(f, zip);
        zip.closeEntry();
      }
    }
    return jar;
  }
}
