package io.jray.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The multi-host harness itself: hosts apart from each other, and nothing of them left after close. */
@Tag("netns")
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class NetnsHostsTest {
  private static final Duration RUN = Duration.ofSeconds(30);

  @Test
  void eachHostHasItsOwnAddressTmpAndShmAndCloseKillsWhatItLeftRunning() {
    assumeTrue(LocalAccount.runningAsRoot(), "network namespaces need root");
    NetnsHosts hosts = NetnsHosts.create("a", "b");
    List<Long> left;
    try {
      NetnsHosts.Host a = hosts.host("a");
      NetnsHosts.Host b = hosts.host("b");
      assertTrue(a.run(RUN, Map.of(), List.of("ip", "-4", "addr", "show", "eth0")).expectSuccess().out()
          .contains(a.ip() + "/24"));
      a.run(RUN, Map.of(), List.of("sh", "-c", "echo a > /tmp/mine && echo a > /dev/shm/mine")).expectSuccess();
      assertEquals(1, b.run(RUN, Map.of(), List.of("cat", "/tmp/mine")).exitCode(), "b does not see a's /tmp");
      assertEquals(1, b.run(RUN, Map.of(), List.of("cat", "/dev/shm/mine")).exitCode(), "b does not see a's /dev/shm");
      assertFalse(Files.exists(java.nio.file.Path.of("/dev/shm/mine")), "the test JVM does not see a's /dev/shm");
      assertEquals("a\n", a.run(RUN, Map.of(), List.of("cat", "/tmp/mine")).expectSuccess().out(),
          "a keeps its /tmp from one command to the next");
      assertEquals(a.home() + "\n", a.run(RUN, Map.of(), List.of("sh", "-c", "echo $HOME")).out());
      a.run(RUN, Map.of(), List.of("sh", "-c", "echo seen > " + a.dir().resolve("shared"))).expectSuccess();
      assertTrue(Files.exists(a.dir().resolve("shared")), "a host's folder is at the same path inside and out");

      // A detached child (its parent exits at once) is still one of the host's processes.
      a.run(RUN, Map.of(), List.of("sh", "-c", "sleep 600 > /dev/null 2>&1 &")).expectSuccess();
      HostProcess sleeper = b.spawn("sleeper", Map.of(), List.of("sleep", "600"));
      Await.until("both sleeps run", RUN, () -> a.processes().size() == 1 && b.processes().contains(sleeper.pid()));
      left = List.of(a.processes().get(0), sleeper.pid());
    } catch (RuntimeException | Error e) {
      hosts.close();
      throw e;
    }
    hosts.close();
    // Killed at once; reaped (by this JVM or by init, for the detached one) a moment later.
    Await.until("every process the hosts ran is gone", RUN,
        () -> left.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
  }

  @Test
  void aDisconnectedHostReachesNothingUntilItIsReconnected() throws IOException {
    assumeTrue(LocalAccount.runningAsRoot(), "network namespaces need root");
    try (NetnsHosts hosts = NetnsHosts.create("a");
         ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName(hosts.rootAddress()))) {
      NetnsHosts.Host a = hosts.host("a");
      List<String> connect = List.of("timeout", "3", "bash", "-c",
          "exec 3<>/dev/tcp/" + hosts.rootAddress() + "/" + listener.getLocalPort());
      a.run(RUN, Map.of(), connect).expectSuccess();
      a.disconnect();
      assertNotEquals(0, a.run(RUN, Map.of(), connect).exitCode(), "a disconnected host reaches nothing");
      a.reconnect();
      // Not at once: the address lookups that failed during the cut are retried a moment later.
      Await.until("a reconnected host reaches the test JVM again", RUN, () -> a.run(RUN, Map.of(), connect).exitCode() == 0);
    }
  }
}
