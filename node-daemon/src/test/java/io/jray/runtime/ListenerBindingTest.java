package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.Ray;
import io.jray.node.NodeLauncher;
import io.jray.testing.ClusterHarness;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every listener of a node (daemons and workers) binds the node's address, not every interface, so a node on
 * 127.0.0.1 cannot be reached at another address of the host; {@code --bind-all} opts in to every interface.
 */
class ListenerBindingTest {
  private static final Pattern LISTENER = Pattern.compile("^\\S+\\s+\\S+\\s+\\S+\\s+(\\S+):(\\d+)\\s.*pid=(\\d+),");

  @Test
  void everyListenerBindsTheNodeAddressUnlessBindAllIsAsked() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.create()) {
      NodeLauncher.StartedNode head = cluster.startHead(spec -> spec.withNumCpus(1.0)
          .withCustomResources(Map.of("head_only", 1.0)));
      NodeLauncher.StartedNode open = cluster.addNode(spec -> spec.withNodeIp("127.0.0.1").withBindAll(true)
          .withNumCpus(1.0));
      long workerPid;
      Map<Long, List<String>> listeners;
      Ray.init(cluster.gcsAddress().toString());
      try {
        workerPid = Ray.task(TestFunctions::pid).setResource("head_only", 1.0).remote().get();
        listeners = listeners(); // while the job runs: its worker ends with it
      } finally {
        Ray.shutdown();
      }

      List<Long> headPids = new ArrayList<>(pids(head));
      headPids.add(workerPid);
      for (long pid : headPids) {
        List<String> bound = listeners.getOrDefault(pid, List.of());
        assertFalse(bound.isEmpty(), "pid " + pid + " of the head listens: " + listeners);
        for (String address : bound) {
          assertTrue(address.startsWith("127.0.0.1:"), "pid " + pid + " listens on " + address + " only: " + bound);
        }
      }
      for (int port : head.nodeFile().ports().values()) {
        assertTrue(accepts("127.0.0.1", port), "port " + port + " answers on the node's address");
        assertFalse(accepts("127.0.0.2", port), "port " + port + " does not answer on another address of the host");
      }
      for (int port : open.nodeFile().ports().values()) {
        assertTrue(accepts("127.0.0.2", port), "--bind-all: port " + port + " answers on every address");
      }
      assertEquals(7, head.nodeFile().ports().size(), "reaper, GCS, object store and raylet, and the metrics ports of "
          + "the last three: " + head.nodeFile().ports());
    }
  }

  private static List<Long> pids(NodeLauncher.StartedNode node) {
    return node.nodeFile().processes().stream().map(d -> d.pid()).collect(Collectors.toList());
  }

  /** Listening TCP sockets by pid, as {@code ss} reports them ("127.0.0.1:34567", "*:6379", "[::]:80"). */
  private static Map<Long, List<String>> listeners() throws IOException, InterruptedException {
    Process ss = new ProcessBuilder("ss", "-Hltnp").redirectErrorStream(true).start();
    String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, ss.waitFor(), "ss -Hltnp: " + out);
    Map<Long, List<String>> byPid = new java.util.HashMap<>();
    for (String line : out.split("\n")) {
      Matcher m = LISTENER.matcher(line);
      if (!m.find()) {
        continue;
      }
      // One socket can be shared by several processes: every pid= on the line listens there.
      Matcher pid = Pattern.compile("pid=(\\d+),").matcher(line);
      while (pid.find()) {
        // Java's sockets show IPv4 addresses mapped into IPv6 ("[::ffff:127.0.0.1]"): the same address.
        String host = m.group(1).replace("[::ffff:", "").replace("]", "");
        byPid.computeIfAbsent(Long.parseLong(pid.group(1)), p -> new ArrayList<>()).add(host + ":" + m.group(2));
      }
    }
    return byPid;
  }

  private static boolean accepts(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 2000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
