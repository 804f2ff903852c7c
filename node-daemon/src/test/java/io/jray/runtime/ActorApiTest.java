package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.api.exception.RayActorException;
import io.jray.api.exception.RayException;
import io.jray.runtime.process.ProcessRecord;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Actors against a real 2-node cluster (node 2 has a custom resource). */
@Order(3)
class ActorApiTest {
  private static TwoNodeCluster twoNodes;
  private static ClusterHarness cluster;
  private static String node2;

  @BeforeAll
  static void startCluster() throws Exception {
    twoNodes = TwoNodeCluster.startWithDriver();
    cluster = twoNodes.cluster;
    node2 = twoNodes.node2;
  }

  @AfterAll
  static void stopCluster() {
    if (twoNodes != null) {
      twoNodes.close();
    }
  }

  @Test
  void stateIsKeptAcrossCalls() {
    ActorHandle<Counter> c = Ray.actor(Counter::new, 10).remote();
    c.task(Counter::increment, 5).remote();
    assertEquals(17, c.task(Counter::increment, 2).remote().get());
    assertEquals(17, c.task(Counter::get).remote().get());
  }

  @Test
  void anActorSeesItsOwnIdWhichEmbedsItsJobsId() {
    ActorHandle<Counter> c = Ray.actor(Counter::new, 0).remote();
    String job = Ray.getRuntimeContext().getCurrentJobId().toHex();
    assertEquals(job, c.getId().getJobId().toHex());
    assertEquals(List.of(c.getId().toHex(), job), c.task(Counter::ownIds).remote().get());
  }

  @Test
  void tenThousandCallsFromOneHandleRunInOrder() {
    ActorHandle<Counter> c = Ray.actor(Counter::new, 0).remote();
    List<ObjectRef<Integer>> refs = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      refs.add(c.task(Counter::appendAndGet, i).remote());
    }
    List<Integer> values = Ray.get(refs);
    for (int i = 0; i < 10_000; i++) {
      assertEquals(i, values.get(i));
    }
  }

  @Test
  void withMaxConcurrencyFourCallsOverlap() {
    ActorHandle<Counter> c = Ray.actor(Counter::new, 0).setMaxConcurrency(4).remote();
    List<ObjectRef<Integer>> refs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      refs.add(c.task(Counter::slowOverlap, 1500L).remote());
    }
    Ray.get(refs);
    assertEquals(4, c.task(Counter::maxRunning).remote().get());
  }

  @Test
  void refArgumentsReachAnActorWhetherTheirValueIsKnownPendingOrAnError() {
    ActorHandle<Counter> c = Ray.actor(Counter::new, 0).remote();
    ObjectRef<Integer> known = Ray.put(5); // known when the call is made: travels inside it
    assertEquals(5, c.task(Counter::increment, known).remote().get());
    ObjectRef<Integer> pending = Ray.task(TestFunctions::squareAfter, 3, 1000L).remote(); // the actor waits for it
    assertEquals(14, c.task(Counter::increment, pending).remote().get());
    ObjectRef<Integer> failed = Ray.task(TestFunctions::fail, "no value").remote();
    assertThrows(RayException.class, failed::get);
    assertThrows(RayException.class, () -> c.task(Counter::increment, failed).remote().get());
    assertEquals(14, c.task(Counter::get).remote().get());
  }

  @Test
  void aHandlePassedToATaskWorksThere() {
    ActorHandle<Counter> c = Ray.actor(Counter::new, 100).remote();
    assertEquals(101, Ray.task(Counter::incrementThrough, c, 1).remote().get());
    assertEquals(101, c.task(Counter::get).remote().get());
  }

  @Test
  void aNamedActorIsFoundByNameAndADuplicateNameIsRefused() {
    String name = "counter-" + UUID.randomUUID();
    ActorHandle<Counter> c = Ray.actor(Counter::new, 7).setName(name).remote();
    Optional<ActorHandle<Counter>> found = Ray.getActor(name);
    assertTrue(found.isPresent());
    assertEquals(c.getId(), found.get().getId());
    assertEquals(7, found.get().task(Counter::get).remote().get());
    assertThrows(IllegalArgumentException.class, () -> Ray.actor(Counter::new, 1).setName(name).remote());
    assertFalse(Ray.getActor("no-such-" + name).isPresent());
  }

  @Test
  void afterKillCallsFailWithRayActorException() {
    ActorHandle<Counter> c = Ray.actor(Counter::new, 0).remote();
    assertEquals(1, c.task(Counter::increment, 1).remote().get());
    c.kill();
    RayActorException e = assertThrows(RayActorException.class, () -> {
      for (int i = 0; i < 100; i++) {
        c.task(Counter::increment, 1).remote().get(30_000);
      }
    });
    assertTrue(e.getMessage().contains(c.getId().toHex()), e.getMessage());
  }

  @Test
  void exitActorEndsTheActor() {
    ActorHandle<Counter> c = Ray.actor(Counter::new, 0).setMaxRestarts(3).remote();
    c.task(Counter::exit).remote();
    assertThrows(RayActorException.class, () -> {
      for (int i = 0; i < 100; i++) {
        c.task(Counter::get).remote().get(30_000);
      }
    });
  }

  @Test
  void aKilledWorkerRestartsTheActorWithFreshState() throws Exception {
    ActorHandle<Counter> c = Ray.actor(Counter::new, 0).setMaxRestarts(1).remote();
    assertEquals(5, c.task(Counter::increment, 5).remote().get());
    assertFalse(c.task(Counter::wasRestarted).remote().get());
    long pid = c.task(Counter::pid).remote().get();
    new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
    Await.until("the actor is back in a new process", Duration.ofSeconds(60), () -> {
      try {
        return c.task(Counter::pid).remote().get(20_000) != pid;
      } catch (RayActorException inFlightWhenKilled) {
        return false;
      }
    });
    assertTrue(c.task(Counter::wasRestarted).remote().get());
    assertEquals(1, c.task(Counter::increment, 1).remote().get(), "constructor ran again: state is fresh");
  }

  @Test
  void aCallInFlightIsRetriedAfterARestartWhenMaxTaskRetriesAllows() {
    ActorHandle<Counter> c = Ray.actor(Counter::new, 0).setMaxRestarts(1).setMaxTaskRetries(1).remote();
    long firstPid = c.task(Counter::pid).remote().get();
    // The call that kills its worker is retried on the restarted actor, where it kills again: the restart
    // budget is spent, so the retry ends in RayActorException, after a second, different process.
    ObjectRef<Integer> dies = c.task(Counter::die).remote();
    assertThrows(RayActorException.class, () -> dies.get(60_000));
    assertNotEquals(0, firstPid);
  }

  @Test
  void withoutRestartsAKilledWorkerMeansADeadActor() throws Exception {
    ActorHandle<Counter> c = Ray.actor(Counter::new, 0).remote();
    long pid = c.task(Counter::pid).remote().get();
    new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
    assertThrows(RayActorException.class, () -> {
      for (int i = 0; i < 100; i++) {
        c.task(Counter::get).remote().get(30_000);
      }
    });
  }

  @Test
  void anActorNeedingACustomResourceIsPlacedWhereItIs() {
    ActorHandle<Counter> c = Ray.actor(Counter::new, 0).setResource("special", 1.0).remote();
    assertEquals(node2, c.task(Counter::nodeId).remote().get());
  }

  @Test
  void aDetachedActorOutlivesItsDriverAndANonDetachedOneDoesNot() throws Exception {
    String name = "detached-" + UUID.randomUUID();
    String ns = "ns-" + UUID.randomUUID();
    // A second driver in its own JVM creates both actors, then exits.
    ProcessBuilder driver = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Djray.job.namespace=" + ns,
        ActorDriver.class.getName(), cluster.gcsAddress().toString(), name).inheritIO();
    Process p = driver.start();
    assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    Optional<ActorHandle<Counter>> detached = Ray.getActor(name, ns);
    assertTrue(detached.isPresent(), "the detached actor is found by a later driver");
    assertEquals(42, detached.get().task(Counter::get).remote().get());
    Await.until("the non-detached actor ended with its job", Duration.ofSeconds(30),
        () -> Ray.getActor(name + "-attached", ns).isEmpty());
    long attachedPid = Long.parseLong(java.nio.file.Files.readString(
        java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), name + ".pid")).trim());
    Await.until("its worker process is gone", Duration.ofSeconds(30), () -> ProcessRecord.of(attachedPid).isEmpty());
    detached.get().kill();
  }
}
