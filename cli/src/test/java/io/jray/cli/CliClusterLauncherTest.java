package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jray.cli.launcher.HelloJob;
import io.jray.runtime.process.ProcessRecord;
import io.jray.cli.tls.ClusterCertificates;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import io.jray.testing.TestProcesses;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The SSH cluster launcher ({@code jray up/down/exec/attach/rsync-up/rsync-down/submit --cluster}) run as the real
 * command against real SSH servers: one embedded server per loopback address, each a machine with its own temp
 * dir, home and token file ({@link SshHosts}).
 */
class CliClusterLauncherTest {
  private static final String HEAD = "127.0.0.2";
  private static final String CPU = "127.0.0.3";
  private static final String GPU = "127.0.0.4";
  /** No server listens here: connections are refused. */
  private static final String UNREACHABLE = "127.0.0.9";
  private static final Duration NODE_GONE = Duration.ofSeconds(60);
  private static final String NODE_OPTIONS = "--object-store-memory=128MiB";

  @Test
  void upStartsThePoolsUpAgainAddsAndRemovesPoolsAndDownLeavesNothing() throws Exception {
    String token = randomToken();
    try (CliRun cli = CliRun.sandbox(); SshHosts hosts = SshHosts.start(cli, HEAD, CPU, GPU)) {
      Path work = Files.createTempDirectory(TestProcesses.root(), "launcher-");
      // The whole cluster speaks mutual TLS: up copies the certificate, key and CA certificate (never the CA's
      // key) to every host, and every jray command it runs there turns TLS on.
      Path tls = work.resolve("tls");
      new ClusterCertificates().writeInto(tls, false);
      Map<String, String> env = Map.of("JRAY_CLUSTERS_DIR", work.resolve("clusters").toString(), "JRAY_AUTH_TOKEN", token,
          "JRAY_USE_TLS", "1", "JRAY_TLS_SERVER_CERT", tls.resolve("server.crt").toString(),
          "JRAY_TLS_SERVER_KEY", tls.resolve("server.key").toString(), "JRAY_TLS_CA_CERT", tls.resolve("ca.crt").toString());
      List<CliRun.Result> results = new ArrayList<>();
      String name = "lifecycle";
      Files.writeString(work.resolve("app.conf"), "mounted\n");
      String common = "cluster_name: " + name + "\n"
          + "provider: {type: local, head_ip: " + HEAD + ", worker_ips: [" + GPU + "]}\n"
          + hosts.authYaml()
          + "file_mounts: {mounted/app.conf: app.conf}\n"
          + "setup_commands: ['echo \"setup on $JRAY_NODE_IP\" > setup.log']\n"
          + "head_start_jray_commands:\n"
          + "  - jray start --head --port=" + ClusterHarness.freePort() + " --node-ip-address=$JRAY_NODE_IP"
          + " --num-cpus=1 " + NODE_OPTIONS + "\n"
          + "worker_pools:\n"
          + "  cpu: {hosts: [" + CPU + "], resources: {CPU: 2}, start_options: [" + NODE_OPTIONS + "]}\n";
      String gpuPool = "  gpu: {count: 1, resources: {CPU: 1, GPU: 1}, start_options: [" + NODE_OPTIONS + "]}\n";
      Path file = work.resolve("cluster.yaml");

      Files.writeString(file, common + gpuPool);
      CliRun.Result up = run(cli, results, env, "up", file.toString(), "-y", "--accept-new-host-keys").expectExit(0);
      assertTrue(up.out().contains("[head " + HEAD + "] Head started"), up::toString);
      assertTrue(up.out().contains("[cpu " + CPU + "] Started jray"), up::toString);
      assertTrue(up.out().contains("[gpu " + GPU + "] Started jray"), up::toString);
      String address = JsonParser.parseString(Files.readString(work.resolve("clusters").resolve(name + ".json")))
          .getAsJsonObject().getAsJsonObject("head").get("address").getAsString();
      assertTrue(address.startsWith(HEAD + ":"), address);

      Map<String, JsonObject> nodes = nodesByIp(run(cli, results, env, "status", "--address=" + address, "--format=json"));
      assertEquals(Set.of(HEAD, CPU, GPU), nodes.keySet());
      assertTrue(nodes.values().stream().allMatch(n -> n.get("state").getAsString().equals("ALIVE")), nodes::toString);
      assertEquals(1.0, nodes.get(GPU).getAsJsonObject("resources_total").get("GPU").getAsDouble(), nodes::toString);
      assertEquals(2.0, nodes.get(CPU).getAsJsonObject("resources_total").get("CPU").getAsDouble(), nodes::toString);
      for (String ip : List.of(HEAD, CPU, GPU)) {
        SshHosts.Host host = hosts.host(ip);
        assertEquals(token, Files.readString(host.tokenFile()).strip(), "the token reached " + ip);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(host.tokenFile())));
        Path hostTls = host.home().resolve(".jray").resolve("tls");
        for (String copied : List.of("ca.crt", "server.crt", "server.key")) {
          assertEquals(Files.readString(tls.resolve(copied)), Files.readString(hostTls.resolve(copied)), copied + " on " + ip);
          assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(hostTls.resolve(copied))));
        }
        assertFalse(Files.exists(hostTls.resolve("ca.key")), "the CA's key stays with the operator");
        assertEquals("setup on " + ip, Files.readString(host.home().resolve("setup.log")).strip());
        assertEquals("mounted\n", Files.readString(host.home().resolve("mounted/app.conf")));
      }
      Map<String, List<ProcessRecord>> processes = new HashMap<>();
      for (String ip : List.of(HEAD, CPU, GPU)) {
        processes.put(ip, CliLifecycleTest.processes(hosts.host(ip).root()));
        assertTrue(processes.get(ip).stream().allMatch(ProcessRecord::isAlive), ip + " runs its node");
      }

      CliRun.Result submitted = run(cli, results, env, "submit", "--cluster", file.toString(),
          helloJar(work).toString(), "--", "0").expectExit(0);
      assertTrue(submitted.out().contains("hello from the head, args 0"), submitted::toString);

      // The gpu pool leaves the file: its host is stopped, the head and the cpu pool are left alone.
      Files.writeString(file, common);
      CliRun.Result shrink = run(cli, results, env, "up", file.toString(), "-y").expectExit(0);
      assertTrue(shrink.out().contains("[gpu " + GPU + "] Stopped jray (pool 'gpu' was removed from the file)"),
          shrink::toString);
      assertTrue(shrink.out().contains("[head " + HEAD + "] jray is running"), shrink::toString);
      assertTrue(shrink.out().contains("[cpu " + CPU + "] jray is running; left alone."), shrink::toString);
      assertTrue(processes.get(GPU).stream().noneMatch(ProcessRecord::isAlive), "the gpu host's processes are gone");
      assertTrue(processes.get(HEAD).stream().allMatch(ProcessRecord::isAlive), "the head was left alone");
      assertTrue(processes.get(CPU).stream().allMatch(ProcessRecord::isAlive), "the cpu host was left alone");
      Await.until("status shows the gpu host gone and the others alive", NODE_GONE, () -> {
        Map<String, JsonObject> now = nodesByIp(cli.run(env, "status", "--address=" + address, "--format=json"));
        return (!now.containsKey(GPU) || now.get(GPU).get("state").getAsString().equals("DEAD"))
            && now.get(HEAD).get("state").getAsString().equals("ALIVE")
            && now.get(CPU).get("state").getAsString().equals("ALIVE");
      });

      // A new pool on a host that cannot be reached: the error names it; the rest keeps running.
      Files.writeString(file, common + "  far: {hosts: [" + UNREACHABLE + "]}\n");
      CliRun.Result far = run(cli, results, env, "up", file.toString(), "-y").expectExit(1);
      assertTrue(far.err().contains(UNREACHABLE) && far.err().contains("Cannot reach"), far::toString);
      assertTrue(processes.get(CPU).stream().allMatch(ProcessRecord::isAlive), "the cpu host still runs");

      CliRun.Result down = run(cli, results, env, "down", file.toString(), "-y").expectExit(0);
      assertTrue(down.out().contains("Stopped jray on"), down::toString);
      for (String ip : List.of(HEAD, CPU)) {
        assertTrue(processes.get(ip).stream().noneMatch(ProcessRecord::isAlive), "down stopped " + ip);
      }
      assertFalse(Files.exists(work.resolve("clusters").resolve(name + ".json")), "down removes the cluster's state");
      assertEquals(List.of(), cli.leftRunning());
      for (CliRun.Result r : results) {
        assertFalse(r.out().contains(token) || r.err().contains(token), () -> "the token was printed:\n" + r);
      }
    }
  }

  @Test
  void execAttachRsyncAndHostKeysWorkOverSsh() throws Exception {
    try (CliRun cli = CliRun.sandbox(); SshHosts hosts = SshHosts.start(cli, HEAD, CPU)) {
      Path work = Files.createTempDirectory(TestProcesses.root(), "launcher-");
      Map<String, String> env = Map.of("JRAY_CLUSTERS_DIR", work.resolve("clusters").toString());
      Path file = Files.writeString(work.resolve("cluster.yaml"), "cluster_name: tools\n"
          + "provider: {type: local, head_ip: " + HEAD + "}\n" + hosts.authYaml()
          + "worker_pools: {cpu: {hosts: [" + CPU + "]}}\n");
      String f = file.toString();

      CliRun.Result unknown = cli.run(env, "exec", f, "true").expectExit(1);
      assertTrue(unknown.err().startsWith(HEAD + " (port " + hosts.port() + ") presented an SSH host key")
          && unknown.err().contains("--accept-new-host-keys"), unknown::toString);

      CliRun.Result exec = cli.run(env, "exec", f, "echo out-$((40+2)); echo err >&2; exit 3",
          "--accept-new-host-keys").expectExit(3);
      assertEquals("out-42\n", exec.out(), exec::toString);
      assertEquals("err\n", exec.err(), exec::toString);
      CliRun.Result onWorker = cli.run(env, "exec", f, "printf %s \"$JRAY_TMPDIR\"", "--node-ip=" + CPU,
          "--accept-new-host-keys").expectExit(0);
      assertEquals(hosts.host(CPU).root().toString(), onWorker.out(), "each address is a machine of its own");
      assertTrue(cli.run(env, "exec", f, "true", "--node-ip=10.1.2.3").expectExit(2).err().contains("is not a host"));

      // A host whose key changed is refused even with --accept-new-host-keys.
      List<String> known = Files.readAllLines(hosts.knownHosts());
      String headKey = known.stream().filter(l -> l.startsWith("[" + HEAD + "]")).findFirst().orElseThrow();
      Files.write(hosts.knownHosts(), List.of(headKey, "[" + CPU + "]:" + hosts.port() + headKey.substring(headKey.indexOf(' '))));
      CliRun.Result changed = cli.run(env, "exec", f, "true", "--node-ip=" + CPU, "--accept-new-host-keys").expectExit(1);
      assertTrue(changed.err().contains("that differs from the one in"), changed::toString);
      Files.write(hosts.knownHosts(), known);

      CliRun.Result attach = cli.runWithInput("echo attached-$((40+2))\nexit 4\n", env, "attach", f).expectExit(4);
      assertTrue(attach.out().contains("attached-42"), attach::toString);

      Path data = Files.createDirectories(work.resolve("data/sub"));
      Files.writeString(work.resolve("data/a.txt"), "alpha");
      Path script = Files.writeString(data.resolve("run.sh"), "#!/bin/sh\necho ran\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
      assertTrue(cli.run(env, "rsync-up", f, work.resolve("data").toString(), "copied").expectExit(0).out()
          .contains("2 files copied, 0 already up to date"));
      assertEquals("alpha", Files.readString(hosts.host(HEAD).home().resolve("copied/a.txt")));
      assertTrue(cli.run(env, "rsync-up", f, work.resolve("data").toString(), "copied").expectExit(0).out()
          .contains("0 files copied, 2 already up to date"), "unchanged files are skipped");
      assertEquals("ran\n", cli.run(env, "exec", f, "copied/sub/run.sh").expectExit(0).out());
      cli.run(env, "rsync-down", f, "copied", work.resolve("back").toString()).expectExit(0);
      assertEquals("alpha", Files.readString(work.resolve("back/a.txt")));
      assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("back/sub/run.sh"))));
      cli.run(env, "rsync-up", f, work.resolve("data/a.txt").toString(), "~/everywhere.txt", "--all-nodes").expectExit(0);
      assertEquals("alpha", Files.readString(hosts.host(CPU).home().resolve("everywhere.txt")));

      assertEquals(HEAD + "\n", cli.run(env, "get-head-ip", f).expectExit(0).out());

      Path far = Files.writeString(work.resolve("far.yaml"), Files.readString(file).replace("head_ip: " + HEAD,
          "head_ip: " + UNREACHABLE));
      CliRun.Result farExec = cli.run(env, "exec", far.toString(), "true").expectExit(1);
      assertTrue(farExec.err().startsWith("Cannot reach " + UNREACHABLE + " (port " + hosts.port() + ") over SSH"),
          farExec::toString);
      assertTrue(cli.run(env, "up", far.toString(), "-y").expectExit(1).err().contains(UNREACHABLE));

      Path bad = Files.writeString(work.resolve("bad.yaml"), Files.readString(file).replace("ssh_port:", "ssh_prot:"));
      CliRun.Result badUp = cli.run(env, "up", bad.toString(), "-y").expectExit(2);
      assertTrue(badUp.err().startsWith("bad.yaml, line 6: unknown key 'auth.ssh_prot'; did you mean 'ssh_port'?"),
          badUp::toString);
    }
  }

  private static CliRun.Result run(CliRun cli, List<CliRun.Result> results, Map<String, String> env, String... args) {
    long start = System.nanoTime();
    CliRun.Result r = cli.run(env, args);
    results.add(r);
    // The test's log (surefire-reports/*-output.txt) keeps what each step printed, for whoever reads a failure.
    System.out.printf("%s%n--- %.1f s%n%n", r, (System.nanoTime() - start) / 1e9);
    return r;
  }

  private static Map<String, JsonObject> nodesByIp(CliRun.Result status) {
    status.expectExit(0);
    Map<String, JsonObject> nodes = new LinkedHashMap<>();
    for (JsonElement e : JsonParser.parseString(status.out()).getAsJsonObject().getAsJsonArray("nodes")) {
      JsonObject node = e.getAsJsonObject();
      String ip = node.get("node_ip").getAsString();
      // A host started twice has a dead entry too: the live one wins.
      if (!nodes.containsKey(ip) || node.get("state").getAsString().equals("ALIVE")) {
        nodes.put(ip, node);
      }
    }
    return nodes;
  }

  /** A jar whose main class is {@link HelloJob}, taken from the test classes. */
  private static Path helloJar(Path dir) throws IOException {
    String entry = HelloJob.class.getName().replace('.', '/') + ".class";
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, HelloJob.class.getName());
    Path jar = dir.resolve("hello.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
      zip.putNextEntry(new JarEntry(entry));
      try (var in = HelloJob.class.getClassLoader().getResourceAsStream(entry)) {
        in.transferTo(zip);
      }
      zip.closeEntry();
    }
    return jar;
  }

  static String randomToken() {
    byte[] bits = new byte[32];
    new SecureRandom().nextBytes(bits);
    return HexFormat.of().formatHex(bits);
  }
}
