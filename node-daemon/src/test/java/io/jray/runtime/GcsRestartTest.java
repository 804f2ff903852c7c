package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.api.options.ActorLifetime;
import io.jray.api.placementgroup.PlacementGroup;
import io.jray.api.placementgroup.PlacementStrategy;
import io.jray.node.DaemonKind;
import io.jray.node.NodeFile;
import io.jray.node.NodeLauncher;
import io.jray.node.NodeStopper;
import io.jray.proto.JobState;
import io.jray.proto.NodeState;
import io.jray.proto.PlacementGroupInfo;
import io.jray.runtime.gcs.GcsClient;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import io.jray.testing.RedisServer;
import io.jray.testing.TcpProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The head survives its GCS: with durable storage (an embedded file log, or a real Redis) a GCS killed with -9 is
 * restarted by the head's reaper, and the cluster goes on with what it had acknowledged; a head stopped and
 * started again over the same storage resumes the cluster.
 */
class GcsRestartTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0} storage")
  @ValueSource(strings = {"file", "redis"})
  void aGcsKilledWithSigkillComesBackWithEverythingItAcknowledged(String kind) throws Exception {
    try (RedisServer redis = kind.equals("redis") ? RedisServer.start(Files.createDirectory(dir.resolve("redis")), null)
        : null;
        ClusterHarness cluster = ClusterHarness.create()) {
      String storage = redis != null ? redis.uri() : "file:" + dir.resolve("gcs");
      NodeLauncher.StartedNode head = cluster.startHead(spec -> spec.withNumCpus(1.0).withStorage(storage, null));
      cluster.addNode(spec -> spec.withNumCpus(2.0).withCustomResources(Map.of("special", 1.0)));
      Ray.init(cluster.gcsAddress().toString());
      try {
        ActorHandle<Counter> survivor = Ray.actor(Counter::new, 0).setName("survivor")
            .setLifetime(ActorLifetime.DETACHED).setResource("special", 0.5).remote();
        assertEquals(5, survivor.task(Counter::increment, 5).remote().get(60_000));
        GcsClient gcs = cluster.gcs();
        gcs.kvPut("tests", ByteString.copyFromUtf8("key"), ByteString.copyFromUtf8("value"), true);
        PlacementGroup group = PlacementGroupFixtures.create(PlacementStrategy.PACK, Map.of("CPU", 1.0));
        assertTrue(group.wait(60));
        String marker = dir.resolve("long-task").toString();
        ObjectRef<String> longTask = Ray.task(TestFunctions::nodeIdAfterMarking, marker, 5000L)
            .setResource("special", 0.5).remote();
        Await.until("the long task runs", Duration.ofSeconds(60), () -> marked(marker));

        long killedAt = System.nanoTime();
        killGcs(head);
        // Asked for while no GCS answers: it completes once the GCS is back.
        CompletableFuture<Integer> createdMeanwhile = CompletableFuture.supplyAsync(() ->
            Ray.actor(Counter::new, 7).remote().task(Counter::get).remote().get(120_000));

        Await.until("the reaper restarts the GCS", Duration.ofSeconds(60), () -> restarts(cluster) == 1);
        assertEquals(6, survivor.task(Counter::increment, 1).remote().get(60_000), "the detached actor kept its state");
        double recoveredS = (System.nanoTime() - killedAt) / 1e9;
        assertTrue(longTask.get(120_000).length() > 0, "the task in flight returned its result");
        Optional<ActorHandle<Counter>> found = Ray.getActor("survivor");
        assertTrue(found.isPresent(), "the named actor is found by name");
        assertEquals(6, found.get().task(Counter::get).remote().get(60_000));
        assertEquals(7, createdMeanwhile.get(120, TimeUnit.SECONDS), "the actor created while the GCS was down");
        GcsClient after = cluster.gcs();
        assertEquals(Optional.of(ByteString.copyFromUtf8("value")),
            after.kvGet("tests", ByteString.copyFromUtf8("key")), "the KV entry is intact");
        assertEquals(PlacementGroupInfo.State.CREATED, after.getPlacementGroup(ByteString.copyFrom(
            group.getId().getBytes())).orElseThrow().getState(), "the placement group is intact");
        assertTrue(after.getAllJobInfo().stream().anyMatch(j -> j.getState() == JobState.JOB_RUNNING),
            "the driver's job goes on");
        assertEquals(2, after.getAllNodeInfo().stream().filter(n -> n.getState() == NodeState.NODE_ALIVE).count(),
            "both nodes are still in the cluster");
        System.out.printf("gcs_recovery %s: %.2f s from kill -9 to the detached actor's answer%n", kind, recoveredS);
      } finally {
        Ray.shutdown();
      }
    }
  }

  @Test
  void aHeadStoppedAndStartedAgainOverTheSameStorageResumesTheCluster() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.create()) {
      String storage = "file:" + dir.resolve("gcs");
      NodeLauncher.StartedNode head = cluster.startHead(spec -> spec.withNumCpus(1.0).withStorage(storage, null));
      int port = head.gcsAddress().port();
      NodeLauncher.StartedNode node = cluster.addNode(spec -> spec.withNumCpus(2.0)
          .withCustomResources(Map.of("special", 1.0)));
      // The driver submits through the other node's raylet: the head's goes away with the head.
      System.setProperty("jray.node_id", node.nodeFile().nodeId());
      Ray.init(cluster.gcsAddress().toString());
      try {
        ActorHandle<Counter> survivor = Ray.actor(Counter::new, 40).setName("kept")
            .setLifetime(ActorLifetime.DETACHED).setResource("special", 0.5).remote();
        assertEquals(41, survivor.task(Counter::increment, 1).remote().get(60_000));

        NodeStopper.stopNode(head.nodeFilePath(), head.layout().tempDir(), false, 10_000);
        cluster.startHead(spec -> spec.withNumCpus(1.0).withPort(port).withStorage(storage, null));

        GcsClient gcs = cluster.gcs();
        Await.until("the other node is in the resumed cluster", Duration.ofSeconds(60), () ->
            gcs.getAllNodeInfo().stream().anyMatch(n -> n.getState() == NodeState.NODE_ALIVE
                && java.util.HexFormat.of().formatHex(n.getNodeId().toByteArray()).equals(node.nodeFile().nodeId())));
        Optional<ActorHandle<Counter>> found = Ray.getActor("kept");
        assertTrue(found.isPresent(), "the detached actor is known to the resumed cluster");
        assertEquals(42, found.get().task(Counter::increment, 1).remote().get(60_000), "and answers with its state");
        // A node that joins the resumed cluster runs the job's tasks.
        cluster.addNode(spec -> spec.withNumCpus(1.0).withCustomResources(Map.of("fresh", 1.0)));
        assertEquals(49, Ray.task(TestFunctions::square, 7).setResource("fresh", 1.0).remote().get(120_000),
            "a new node runs the job's code");
      } finally {
        System.clearProperty("jray.node_id");
        Ray.shutdown();
      }
    }
  }

  @Test
  void aRedisThatDiesIsAGcsThatIsDownUntilRedisComesBack() throws Exception {
    try (RedisServer redis = RedisServer.start(Files.createDirectory(dir.resolve("redis")), null);
        ClusterHarness cluster = ClusterHarness.create()) {
      cluster.startHead(spec -> spec.withNumCpus(2.0).withStorage(redis.uri(), null));
      Ray.init(cluster.gcsAddress().toString());
      try {
        ActorHandle<Counter> before = Ray.actor(Counter::new, 1).remote();
        assertEquals(1, before.task(Counter::get).remote().get(60_000));
        redis.kill();
        CompletableFuture<Integer> created = CompletableFuture.supplyAsync(() ->
            Ray.actor(Counter::new, 3).remote().task(Counter::get).remote().get(120_000));
        assertEquals(2, before.task(Counter::increment, 1).remote().get(60_000), "a live actor answers meanwhile");
        redis.restart();
        assertEquals(3, created.get(120, TimeUnit.SECONDS), "the actor asked for while Redis was down");
        assertEquals(3, before.task(Counter::increment, 1).remote().get(60_000));
      } finally {
        Ray.shutdown();
      }
    }
  }

  /** Fails with the old GCS, which ended a driver's job the moment its registration stream broke. */
  @Test
  void aDriverWhoseGcsLinkIsCutForAFewSecondsKeepsItsJob() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.withHead(2);
        TcpProxy link = new TcpProxy(cluster.gcsAddress().port())) {
      Ray.init("127.0.0.1:" + link.port()); // the driver reaches its GCS only through the link
      try {
        ActorHandle<Counter> counter = Ray.actor(Counter::new, 0).remote();
        assertEquals(1, counter.task(Counter::increment, 1).remote().get(60_000));
        GcsClient gcs = cluster.gcs();
        link.cut();
        Thread.sleep(3000); // the outage itself: what is tested is that nothing ends during it
        assertTrue(gcs.getAllJobInfo().stream().allMatch(j -> j.getState() == JobState.JOB_RUNNING),
            "the job is kept while its driver is cut off: " + gcs.getAllJobInfo());
        link.restore();
        assertEquals(2, counter.task(Counter::increment, 1).remote().get(60_000), "its actor lives on");
        assertEquals(3, Ray.actor(Counter::new, 3).remote().task(Counter::get).remote().get(60_000),
            "and the driver uses the GCS again");
        assertTrue(gcs.getAllJobInfo().stream().allMatch(j -> j.getState() == JobState.JOB_RUNNING));
      } finally {
        Ray.shutdown();
      }
    }
  }

  private static boolean marked(String marker) {
    Path base = Path.of(marker);
    try (var files = Files.list(base.getParent())) {
      return files.anyMatch(f -> f.getFileName().toString().startsWith(base.getFileName() + "."));
    } catch (IOException e) {
      return false;
    }
  }

  private static int restarts(ClusterHarness cluster) {
    try (GcsClient gcs = new GcsClient(cluster.gcsAddress(), cluster.token())) {
      return gcs.getClusterStatus().getGcsRestarts();
    } catch (RuntimeException notYet) {
      return -1;
    }
  }

  private static void killGcs(NodeLauncher.StartedNode head) throws IOException, InterruptedException {
    long pid = NodeFile.read(head.nodeFilePath()).processes().stream()
        .filter(d -> d.daemonKind() == DaemonKind.GCS).findFirst().orElseThrow().pid();
    assertEquals(0, new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor());
  }
}
