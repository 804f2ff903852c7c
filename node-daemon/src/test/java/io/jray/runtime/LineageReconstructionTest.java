package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.api.exception.OwnerDiedException;
import io.jray.api.exception.UnreconstructableException;
import io.jray.api.id.NodeId;
import io.jray.api.scheduling.SchedulingStrategies;
import io.jray.api.scheduling.SchedulingStrategy;
import io.jray.testing.ShortHealthChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Object fault tolerance (Ray's lineage reconstruction): a value whose only copy died with its node is made again
 * by running the task that made it (and, first, the tasks that made its lost arguments) on a node that lives; a
 * put value, which no task made, cannot be and says so.
 */
@Order(5)
@ExtendWith(ShortHealthChecks.class)
class LineageReconstructionTest {
  /** Above the inline threshold (100 KiB): the value lives in the object store of the node that made it. */
  private static final int MIB = 1;

  @Test
  void aTaskReturnLostWithItsNodeIsRebuiltOnAnotherNode() throws Exception {
    try (FailoverCluster nodes = FailoverCluster.startWithDriver()) {
      String doomed = nodes.nodeIds().get(0);
      Path runs = nodes.cluster.newTempDir("runs");
      ObjectRef<byte[]> value = Ray.task(TestFunctions::randomBytesCountingRuns, runs.toString(), MIB, 7L)
          .setResource("special", 1.0).setSchedulingStrategy(preferring(doomed)).remote();
      assertEquals(1, Ray.wait(List.of(value), 1, 60_000).getReady().size(), "the task finished before the kill");
      nodes.killNodeProcesses(doomed);
      assertArrayEquals(TestFunctions.randomBytes(MIB, 7L), value.get(120_000));
      assertEquals(2, runs(runs), "the task ran again");
    }
  }

  @Test
  void aChainWhoseValuesWereAllLostIsRebuiltLinkByLink() throws Exception {
    try (FailoverCluster nodes = FailoverCluster.startWithDriver()) {
      String doomed = nodes.nodeIds().get(0);
      Path runs = nodes.cluster.newTempDir("runs");
      ObjectRef<byte[]> first = Ray.task(TestFunctions::randomBytesCountingRuns, runs.toString(), MIB, 11L)
          .setResource("special", 1.0).setSchedulingStrategy(preferring(doomed)).remote();
      ObjectRef<byte[]> second = Ray.task(TestFunctions::flipped, first).setResource("special", 1.0)
          .setSchedulingStrategy(preferring(doomed)).remote();
      assertEquals(1, Ray.wait(List.of(second), 1, 60_000).getReady().size(), "the chain finished before the kill");
      nodes.killNodeProcesses(doomed);
      assertArrayEquals(TestFunctions.flipped(TestFunctions.randomBytes(MIB, 11L)), second.get(120_000));
      assertEquals(2, runs(runs), "the first link ran again, to rebuild the second");
      assertArrayEquals(TestFunctions.randomBytes(MIB, 11L), first.get(60_000), "the first link was rebuilt too");
    }
  }

  @Test
  void aTaskWhoseArgumentWasLostBeforeItRanGetsTheArgumentRebuilt() throws Exception {
    try (FailoverCluster nodes = FailoverCluster.startWithDriver()) {
      String doomed = nodes.nodeIds().get(0);
      Path runs = nodes.cluster.newTempDir("runs");
      ObjectRef<byte[]> data = Ray.task(TestFunctions::randomBytesCountingRuns, runs.toString(), MIB, 13L)
          .setSchedulingStrategy(preferring(doomed)).remote();
      assertEquals(1, Ray.wait(List.of(data), 1, 60_000).getReady().size(), "the task finished before the kill");
      nodes.killNodeProcesses(doomed);
      // The worker reading the argument finds its copy gone and asks this owner, which runs the task again.
      ObjectRef<Long> crc = Ray.task(TestFunctions::crc, data).setResource("special", 1.0).remote();
      assertEquals(TestFunctions.crc(TestFunctions.randomBytes(MIB, 13L)), crc.get(120_000));
      assertEquals(2, runs(runs), "the argument's task ran again");
    }
  }

  @Test
  void aLostValueWithACopyElsewhereIsReadFromThereInsteadOfRunAgain() throws Exception {
    try (FailoverCluster nodes = FailoverCluster.startWithDriver()) {
      String doomed = nodes.nodeIds().get(0);
      Path runs = nodes.cluster.newTempDir("runs");
      ObjectRef<byte[]> first = Ray.task(TestFunctions::randomBytesCountingRuns, runs.toString(), MIB, 17L)
          .setResource("special", 1.0).setSchedulingStrategy(preferring(doomed)).remote();
      ObjectRef<byte[]> second = Ray.task(TestFunctions::flipped, first).setResource("special", 1.0)
          .setSchedulingStrategy(preferring(doomed)).remote();
      assertEquals(1, Ray.wait(List.of(second), 1, 60_000).getReady().size(), "the chain finished before the kill");
      byte[] seen = first.get(60_000); // this read leaves a copy in the head's object store
      nodes.killNodeProcesses(doomed);
      assertArrayEquals(TestFunctions.flipped(seen), second.get(120_000));
      assertEquals(1, runs(runs), "the first link was read from the head's copy, not run again");
    }
  }

  @Test
  void aLostValueThatATaskOnAnotherNodeReadIsReadFromThatNodesCopy() throws Exception {
    try (FailoverCluster nodes = FailoverCluster.startWithDriver()) {
      String doomed = nodes.nodeIds().get(0);
      String survivor = nodes.nodeIds().get(1);
      Path runs = nodes.cluster.newTempDir("runs");
      ObjectRef<byte[]> value = Ray.task(TestFunctions::randomBytesCountingRuns, runs.toString(), MIB, 29L)
          .setResource("special", 1.0).setSchedulingStrategy(preferring(doomed)).remote();
      // A reader on the other node pulls a copy into its store; the owner noted where when the reader asked.
      long crc = Ray.task(TestFunctions::crc, value).setResource("special", 1.0)
          .setSchedulingStrategy(preferring(survivor)).remote().get(60_000);
      nodes.killNodeProcesses(doomed);
      byte[] back = value.get(120_000);
      assertEquals(crc, TestFunctions.crc(back));
      assertArrayEquals(TestFunctions.randomBytes(MIB, 29L), back);
      assertEquals(1, runs(runs), "the value was read from the surviving node's copy, not made again");
    }
  }

  @Test
  void aLostReturnOfATaskThatMayNotBeRetriedSaysSo() throws Exception {
    try (FailoverCluster nodes = FailoverCluster.startWithDriver()) {
      String doomed = nodes.nodeIds().get(0);
      ObjectRef<byte[]> value = Ray.task(TestFunctions::randomBytes, MIB, 19L).setResource("special", 1.0)
          .setSchedulingStrategy(preferring(doomed)).setMaxRetries(0).remote();
      assertEquals(1, Ray.wait(List.of(value), 1, 60_000).getReady().size(), "the task finished before the kill");
      nodes.killNodeProcesses(doomed);
      UnreconstructableException e = assertThrows(UnreconstructableException.class, () -> value.get(120_000));
      assertTrue(e.getMessage().contains("max_retries=0") && e.getMessage().contains(doomed), e.getMessage());
    }
  }

  @Test
  void aLostReturnWhoseLineageWasDroppedPastMaxLineageBytesSaysSo() throws Exception {
    System.setProperty("jray.max_lineage_bytes", "1"); // this driver keeps no spec at all
    try (FailoverCluster nodes = FailoverCluster.startWithDriver()) {
      String doomed = nodes.nodeIds().get(0);
      ObjectRef<byte[]> value = Ray.task(TestFunctions::randomBytes, MIB, 23L).setResource("special", 1.0)
          .setSchedulingStrategy(preferring(doomed)).remote();
      assertEquals(1, Ray.wait(List.of(value), 1, 60_000).getReady().size(), "the task finished before the kill");
      nodes.killNodeProcesses(doomed);
      UnreconstructableException e = assertThrows(UnreconstructableException.class, () -> value.get(120_000));
      assertTrue(e.getMessage().contains("max_lineage_bytes"), e.getMessage());
    } finally {
      System.clearProperty("jray.max_lineage_bytes");
    }
  }

  @Test
  void aPutValueLostWithItsNodeCannotBeRebuiltAndSaysItWasPut() throws Exception {
    // This driver's local node is the one that dies, so its put lives there while the driver itself lives on.
    try (FailoverCluster nodes = FailoverCluster.startWithDriver(0)) {
      String doomed = nodes.nodeIds().get(0);
      ObjectRef<byte[]> put = Ray.put(TestFunctions.randomBytes(MIB, 3L));
      nodes.killNodeProcesses(doomed);
      UnreconstructableException e = assertThrows(UnreconstructableException.class, () -> put.get(120_000));
      assertTrue(e.getMessage().contains("Ray.put") && e.getMessage().contains(doomed), e.getMessage());
    }
  }

  @Test
  void anActorCallsLostReturnIsRebuiltWhenTheActorAllowsTaskRetries() throws Exception {
    try (FailoverCluster nodes = FailoverCluster.startWithDriver()) {
      String doomed = nodes.nodeIds().get(0);
      ActorHandle<Counter> actor = Ray.actor(Counter::new, 0).setResource("special", 1.0)
          .setSchedulingStrategy(preferring(doomed)).setMaxRestarts(1).setMaxTaskRetries(1).remote();
      ObjectRef<byte[]> value = actor.task(Counter::bytes, MIB, 9L).remote();
      assertEquals(1, Ray.wait(List.of(value), 1, 60_000).getReady().size(), "the call finished before the kill");
      nodes.killNodeProcesses(doomed);
      assertArrayEquals(TestFunctions.randomBytes(MIB, 9L), value.get(120_000), "the restarted actor ran it again");
    }
  }

  @Test
  void anActorCallsLostReturnIsNotRebuiltWhenTheActorAllowsNoTaskRetries() throws Exception {
    try (FailoverCluster nodes = FailoverCluster.startWithDriver()) {
      String doomed = nodes.nodeIds().get(0);
      ActorHandle<Counter> actor = Ray.actor(Counter::new, 0).setResource("special", 1.0)
          .setSchedulingStrategy(preferring(doomed)).setMaxRestarts(1).setMaxTaskRetries(0).remote();
      ObjectRef<byte[]> value = actor.task(Counter::bytes, MIB, 9L).remote();
      assertEquals(1, Ray.wait(List.of(value), 1, 60_000).getReady().size(), "the call finished before the kill");
      nodes.killNodeProcesses(doomed);
      UnreconstructableException e = assertThrows(UnreconstructableException.class, () -> value.get(120_000));
      assertTrue(e.getMessage().contains("max_task_retries=0"), e.getMessage());
    }
  }

  @Test
  void aValueWhoseOwnerDiedRaisesOwnerDiedException() throws Exception {
    try (FailoverCluster nodes = FailoverCluster.startWithDriver()) {
      String doomed = nodes.nodeIds().get(0);
      List<Object> pidAndRef = Ray.task(TestFunctions::pidAndPut, MIB, 5L).setResource("special", 1.0)
          .setSchedulingStrategy(preferring(doomed)).remote().get(60_000);
      @SuppressWarnings("unchecked")
      ObjectRef<byte[]> ownedByTheWorker = (ObjectRef<byte[]>) pidAndRef.get(1);
      nodes.killNodeProcesses(doomed);
      new ProcessBuilder("kill", "-9", pidAndRef.get(0).toString()).start().waitFor(); // the owner, at once
      OwnerDiedException e = assertThrows(OwnerDiedException.class, () -> ownedByTheWorker.get(120_000));
      assertTrue(e.getMessage().contains("owner"), e.getMessage());
    }
  }

  /** How many times a {@link TestFunctions#randomBytesCountingRuns} task ran. */
  private static long runs(Path runsDir) throws java.io.IOException {
    try (Stream<Path> files = Files.list(runsDir)) {
      return files.count();
    }
  }

  private static SchedulingStrategy preferring(String nodeId) {
    return SchedulingStrategies.nodeAffinity(NodeId.fromHex(nodeId), true);
  }
}
