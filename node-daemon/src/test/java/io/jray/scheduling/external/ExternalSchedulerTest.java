package io.jray.scheduling.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.runtime.rpc.HostPort;
import io.jray.runtime.scheduling.LabelSelector;
import io.jray.scheduling.BuiltInScheduler;
import io.jray.scheduling.SchedulingPolicy;
import io.jray.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The GCS's external scheduler against the reference service over real TCP: it keeps the service told of the
 * nodes, follows its picks, and lets the built-in policy decide whenever the service cannot.
 */
class ExternalSchedulerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Map<String, Double> ONE_CPU = Map.of("CPU", 1.0);

  private static SchedulingPolicy.Candidate node(String hex, double cpus) {
    return new SchedulingPolicy.Candidate(hex, true, Map.of("CPU", cpus), Map.of("CPU", cpus), Map.of());
  }

  private static ExternalScheduler connectedTo(int port) {
    SchedulerConnection c = new SchedulerConnection(new HostPort("127.0.0.1", port), 2000, 50, 200,
        System::currentTimeMillis);
    // A built-in policy that always packs the submitter's node: a pick it makes is told apart from the service's.
    return new ExternalScheduler(c, new BuiltInScheduler(new SchedulingPolicy(1.0, 0.2, 1, new Random(1))), 50);
  }

  @Test
  void itTellsTheServiceOfNodesAndFollowsItsPicks() throws Exception {
    try (ReferenceScheduler service = new ReferenceScheduler("127.0.0.1", 0, ReferenceScheduler.Policy.PACK, l -> {});
        ExternalScheduler scheduler = connectedTo(service.port())) {
      scheduler.nodeJoined(1, "aa", Map.of("CPU", 4.0));
      scheduler.nodeJoined(2, "bb", Map.of("CPU", 4.0));
      Await.until("the service knows both nodes", WAIT, () -> service.nodes().size() == 2);
      List<SchedulingPolicy.Candidate> nodes = List.of(node("aa", 4), node("bb", 4));
      // Node aa is out of CPUs by its report: remove, then add with what is available.
      scheduler.resourcesChanged(1, Map.of("CPU", 0.0));
      Await.until("the service sees aa's CPUs taken", WAIT,
          () -> service.nodes().containsKey(1L) && service.nodes().get(1L).get("CPU") == 0.0); // removed, then added
      assertEquals(new SchedulingPolicy.Run("bb", true),
          scheduler.pick(SchedulingPolicy.Request.ofDefault(ONE_CPU), nodes, "aa"));
      scheduler.nodeLeft(2);
      Await.until("the service forgets bb", WAIT, () -> !service.nodes().containsKey(2L));
      assertTrue(scheduler.describe().contains("(connected)"), scheduler.describe());
      assertEquals(1, scheduler.decided());
    }
  }

  @Test
  void whatTheWireCannotSayIsLeftToTheBuiltInPolicy() throws Exception {
    try (ReferenceScheduler service = new ReferenceScheduler("127.0.0.1", 0, ReferenceScheduler.Policy.PACK, l -> {});
        ExternalScheduler scheduler = connectedTo(service.port())) {
      scheduler.nodeJoined(1, "aa", Map.of("CPU", 4.0));
      Await.until("the service knows the node", WAIT, () -> service.nodes().size() == 1);
      List<SchedulingPolicy.Candidate> nodes = List.of(node("aa", 4), node("bb", 4));
      SchedulingPolicy.Request spread = new SchedulingPolicy.Request(ONE_CPU, SchedulingPolicy.Kind.SPREAD, null,
          false, LabelSelector.ANY);
      SchedulingPolicy.Request selector = new SchedulingPolicy.Request(ONE_CPU, SchedulingPolicy.Kind.DEFAULT, null,
          false, LabelSelector.parse(Map.of("zone", "a")));
      assertEquals(Optional.empty(), scheduler.pickExternally(spread, nodes));
      assertEquals(Optional.empty(), scheduler.pickExternally(selector, nodes));
      assertEquals(Map.of(), service.placedCounts(), "the service was not asked");
      // It names a node that never fits: the built-in policy decides (the submitter's node).
      assertEquals(Optional.empty(), scheduler.pickExternally(SchedulingPolicy.Request.ofDefault(ONE_CPU),
          List.of(node("aa", 0.5), node("bb", 4))));
      assertEquals(new SchedulingPolicy.Run("bb", true),
          scheduler.pick(SchedulingPolicy.Request.ofDefault(ONE_CPU), List.of(node("aa", 0.5), node("bb", 4)), "bb"));
    }
  }

  @Test
  void aServiceThatGoesAwayLeavesPicksToTheBuiltInPolicyAndIsToldEveryNodeWhenBack() throws Exception {
    int port;
    List<SchedulingPolicy.Candidate> nodes = List.of(node("aa", 4), node("bb", 4));
    ReferenceScheduler first = new ReferenceScheduler("127.0.0.1", 0, ReferenceScheduler.Policy.PACK, l -> {});
    port = first.port();
    try (ExternalScheduler scheduler = connectedTo(port)) {
      scheduler.nodeJoined(1, "aa", Map.of("CPU", 4.0));
      scheduler.nodeJoined(2, "bb", Map.of("CPU", 4.0));
      Await.until("the service knows both nodes", WAIT, () -> first.nodes().size() == 2);
      first.close();
      // Built-in: the submitter's node (bb); the service would have said aa.
      assertEquals(new SchedulingPolicy.Run("bb", true),
          scheduler.pick(SchedulingPolicy.Request.ofDefault(ONE_CPU), nodes, "bb"));
      Await.until("the status says not connected", WAIT, () -> scheduler.describe().contains("not connected"));
      try (ReferenceScheduler second = SchedulerPorts.listenAgainOn(port)) {
        Await.until("the new service is told both nodes", WAIT, () -> second.nodes().size() == 2);
        assertEquals(new SchedulingPolicy.Run("aa", true),
            scheduler.pick(SchedulingPolicy.Request.ofDefault(ONE_CPU), nodes, "bb"));
        assertTrue(scheduler.fellBack() >= 1);
      }
    }
  }

  @Test
  void aNodeThatLeftWhileTheServiceWasAwayIsRemovedFromItOnReconnection() throws Exception {
    ReferenceScheduler first = new ReferenceScheduler("127.0.0.1", 0, ReferenceScheduler.Policy.PACK, l -> {});
    int port = first.port();
    try (ExternalScheduler scheduler = connectedTo(port)) {
      scheduler.nodeJoined(1, "aa", Map.of("CPU", 4.0));
      scheduler.nodeJoined(2, "bb", Map.of("CPU", 4.0));
      Await.until("the service knows both nodes", WAIT, () -> first.nodes().size() == 2);
      first.close();
      Await.until("the status says not connected", WAIT, () -> scheduler.describe().contains("not connected"));
      scheduler.nodeLeft(2);
      // A service that still knows bb comes back (as one that kept its view over a network blip would).
      try (ReferenceScheduler second = SchedulerPorts.listenAgainOn(port)) {
        second.answer(SchedulerWire.addNode(2, Map.of("CPU", 4.0)));
        Await.until("the service is told aa again", WAIT, () -> second.nodes().containsKey(1L)
            && scheduler.describe().contains("(connected)"));
        Await.until("bb, gone while it was away, is removed", WAIT, () -> !second.nodes().containsKey(2L));
      }
    }
  }
}
