package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.AuthToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * (In jray-cli's package: it parses arguments with the real, package-private StartCommand.) The container image, Kubernetes manifests and systemd unit in dist/ (they cannot run on the build machine: no
 * registry, no cluster), held against what jray really takes: every `jray start` argument parses with the real
 * command, ports agree across the image, pods, services and probes, the token comes from a mounted Secret, and
 * the stop timeouts exceed jray's grace period.
 */
class DeploymentFilesTest {
  private static final Path DIST = Path.of("").toAbsolutePath();

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> manifests(String file) throws Exception {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Yaml(new LoaderOptions()).loadAll(Files.readString(DIST.resolve("kubernetes").resolve(file)))) {
      docs.add((Map<String, Object>) doc);
    }
    return docs;
  }

  private static Map<String, Object> kind(List<Map<String, Object>> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind));
  }

  @SuppressWarnings("unchecked")
  private static <T> T at(Object node, String... path) {
    Object current = node;
    for (String key : path) {
      if (current instanceof List<?> list) {
        current = list.get(Integer.parseInt(key));
      } else {
        current = ((Map<String, Object>) current).get(key);
      }
      assertNotNull(current, "missing " + String.join(".", path));
    }
    return (T) current;
  }

  /** The options `jray start` takes, parsed by the real command (an unknown or malformed one throws). */
  private static CommandLine.ParseResult startArgs(List<String> args) {
    return new CommandLine(new StartCommand()).parseArgs(args.toArray(String[]::new));
  }

  private static int option(List<String> args, String name) {
    return args.stream().filter(a -> a.startsWith(name + "=")).map(a -> Integer.parseInt(a.substring(name.length() + 1)))
        .findFirst().orElseThrow(() -> new AssertionError(name + " not in " + args));
  }

  private static Set<Integer> containerPorts(Map<String, Object> container) {
    List<Map<String, Object>> ports = at(container, "ports");
    return ports.stream().map(p -> (Integer) p.get("containerPort")).collect(Collectors.toSet());
  }

  @Test
  void theHeadStatefulSetKeepsItsTablesOnAVolumeAndProbesTheGcs() throws Exception {
    List<Map<String, Object>> docs = manifests("jray-head.yaml");
    Map<String, Object> set = kind(docs, "StatefulSet");
    assertEquals(1, (Integer) at(set, "spec", "replicas"), "one head");
    Map<String, Object> head = at(set, "spec", "template", "spec", "containers", "0");
    List<String> args = at(head, "args");
    CommandLine.ParseResult parsed = startArgs(args);
    assertTrue(parsed.hasMatchedOption("--head"));
    int gcs = option(args, "--port");
    assertEquals(6379, gcs, "Ray's and jray's default GCS port");
    assertEquals(8265, option(args, "--dashboard-port"), "Ray's dashboard port");
    String storage = args.stream().filter(a -> a.startsWith("--storage=file:")).findFirst().orElseThrow();
    String gcsDir = storage.substring("--storage=file:".length());
    List<Map<String, Object>> mounts = at(head, "volumeMounts");
    String claim = at(set, "spec", "volumeClaimTemplates", "0", "metadata", "name");
    assertTrue(mounts.stream().anyMatch(m -> claim.equals(m.get("name")) && gcsDir.startsWith((String) m.get("mountPath"))),
        "the file storage is on the PersistentVolume");
    assertTrue(mounts.stream().anyMatch(m -> "/dev/shm".equals(m.get("mountPath"))), "the object store's /dev/shm");
    Set<Integer> ports = containerPorts(head);
    for (String o : List.of("--port", "--node-manager-port", "--object-manager-port", "--metrics-export-port",
        "--dashboard-port")) {
      assertTrue(ports.contains(option(args, o)), o + " is a container port");
    }
    assertEquals(gcs, (Integer) at(head, "readinessProbe", "grpc", "port"), "gRPC health service of the GCS");
    assertEquals(gcs, (Integer) at(head, "livenessProbe", "grpc", "port"));
    assertToken(at(set, "spec", "template", "spec"), head);
    assertTrue((Integer) at(set, "spec", "template", "spec", "terminationGracePeriodSeconds")
        > JrayConfig.STOP_GRACE_PERIOD_S.defaultValue());

    Map<String, Object> service = kind(docs, "Service");
    List<Map<String, Object>> servicePorts = at(service, "spec", "ports");
    Map<String, Integer> byName = servicePorts.stream().collect(Collectors.toMap(p -> (String) p.get("name"),
        p -> (Integer) p.get("targetPort")));
    assertEquals(Map.of("gcs", gcs, "dashboard", 8265, "metrics", option(args, "--metrics-export-port")), byName);
    Map<String, Object> selector = at(service, "spec", "selector");
    assertEquals(selector, at(set, "spec", "template", "metadata", "labels"));

    Map<String, Object> budget = kind(docs, "PodDisruptionBudget");
    assertEquals(0, (Integer) at(budget, "spec", "maxUnavailable"), "a voluntary drain never takes the one head");
    assertEquals(selector, at(budget, "spec", "selector", "matchLabels"));
  }

  @Test
  void workersJoinTheHeadServiceAndProbeTheirRaylet() throws Exception {
    Map<String, Object> service = kind(manifests("jray-head.yaml"), "Service");
    Map<String, Object> deployment = kind(manifests("jray-workers.yaml"), "Deployment");
    Map<String, Object> worker = at(deployment, "spec", "template", "spec", "containers", "0");
    List<String> args = at(worker, "args");
    assertFalse(startArgs(args).hasMatchedOption("--head"));
    String address = args.stream().filter(a -> a.startsWith("--address=")).findFirst().orElseThrow();
    assertEquals("--address=" + at(service, "metadata", "name") + ":6379", address);
    int raylet = option(args, "--node-manager-port");
    assertTrue(containerPorts(worker).contains(raylet));
    assertEquals(raylet, (Integer) at(worker, "readinessProbe", "grpc", "port"));
    assertEquals(raylet, (Integer) at(worker, "livenessProbe", "grpc", "port"));
    assertToken(at(deployment, "spec", "template", "spec"), worker);
  }

  /** The token is a Secret mounted read-only where JRAY_AUTH_TOKEN_FILE points, readable by no other user. */
  private static void assertToken(Map<String, Object> pod, Map<String, Object> container) {
    List<Map<String, Object>> env = at(container, "env");
    String file = env.stream().filter(e -> AuthToken.ENV_TOKEN_FILE.equals(e.get("name"))).map(e -> (String) e.get("value"))
        .findFirst().orElseThrow();
    List<Map<String, Object>> volumes = at(pod, "volumes");
    Map<String, Object> token = volumes.stream().filter(v -> v.containsKey("secret")).findFirst().orElseThrow();
    assertEquals("jray-auth-token", at(token, "secret", "secretName"));
    assertEquals(0, (Integer) at(token, "secret", "defaultMode") & 0007, "not readable by others");
    List<Map<String, Object>> mounts = at(container, "volumeMounts");
    assertTrue(mounts.stream().anyMatch(m -> token.get("name").equals(m.get("name")) && Boolean.TRUE.equals(m.get("readOnly"))
        && file.startsWith(m.get("mountPath") + "/")), "the token file is in the mounted Secret");
  }

  @Test
  void theImageStartsANodeThatBlocksAndTakesItsTokenFromAFile() throws Exception {
    String dockerfile = Files.readString(DIST.resolve("container/Dockerfile"));
    Matcher from = Pattern.compile("(?m)^FROM eclipse-temurin:(\\d+)-jre$").matcher(dockerfile);
    assertTrue(from.find(), "a Temurin JRE base");
    assertTrue(Integer.parseInt(from.group(1)) >= 17);
    assertTrue(dockerfile.contains("ENTRYPOINT [\"jray\", \"start\", \"--block\"]"));
    Matcher cmd = Pattern.compile("(?m)^CMD \\[(.*)]$").matcher(dockerfile);
    assertTrue(cmd.find());
    List<String> args = Pattern.compile("\"([^\"]*)\"").matcher(cmd.group(1)).results().map(m -> m.group(1)).toList();
    startArgs(args);
    Matcher expose = Pattern.compile("(?m)^EXPOSE (.*)$").matcher(dockerfile);
    assertTrue(expose.find());
    Set<Integer> exposed = Pattern.compile("\\d+").matcher(expose.group(1)).results()
        .map(m -> Integer.parseInt(m.group())).collect(Collectors.toSet());
    for (String o : List.of("--port", "--node-manager-port", "--object-manager-port", "--metrics-export-port",
        "--dashboard-port")) {
      assertTrue(exposed.contains(option(args, o)), o + " is exposed");
    }
    assertTrue(dockerfile.contains(AuthToken.ENV_TOKEN_FILE + "=/etc/jray/token/auth_token"));
    assertTrue(Pattern.compile("(?m)^USER (?!root)\\w+$").matcher(dockerfile).find(), "not root");
  }

  @Test
  void theSystemdUnitRestartsAndOutwaitsJraysGracePeriod() throws Exception {
    String unit = Files.readString(DIST.resolve("systemd/jray-head.service"));
    Matcher exec = Pattern.compile("(?m)^ExecStart=\\S+/jray start (.*)$").matcher(unit);
    assertTrue(exec.find());
    List<String> args = List.of(exec.group(1).trim().split("\\s+"));
    assertTrue(startArgs(args).hasMatchedOption("--block"));
    assertTrue(unit.contains("\nRestart=on-failure\n"));
    assertTrue(unit.contains("\nKillMode=mixed\n"));
    Matcher stop = Pattern.compile("(?m)^TimeoutStopSec=(\\d+)$").matcher(unit);
    assertTrue(stop.find());
    assertTrue(Integer.parseInt(stop.group(1)) > JrayConfig.STOP_GRACE_PERIOD_S.defaultValue());
  }
}
