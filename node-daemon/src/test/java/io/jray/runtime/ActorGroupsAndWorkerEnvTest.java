package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import io.jray.api.concurrencygroup.ConcurrencyGroupBuilder;
import io.jray.api.concurrencygroup.annotations.DefConcurrencyGroup;
import io.jray.api.concurrencygroup.annotations.UseConcurrencyGroup;
import io.jray.api.exception.PendingCallsLimitExceededException;
import io.jray.api.exception.RayTaskException;
import io.jray.api.runtimeenv.RuntimeEnv;
import io.jray.runtime.config.JrayConfig;
import io.jray.testing.ClusterHarness;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real one-node cluster: concurrency groups and max pending calls of actors, and the environments of worker
 * JVMs (a task's or actor's runtime env: variables and jars; an actor's JVM options).
 */
@Order(7)
class ActorGroupsAndWorkerEnvTest {
  private static ClusterHarness cluster;
  private static io.jray.testing.PropertyOverride leaseTimeout;

  @BeforeAll
  static void startCluster() throws Exception {
    // Workers with an environment of their own start on demand: on a loaded machine that can take a while.
    leaseTimeout = io.jray.testing.PropertyOverride.set(JrayConfig.LEASE_REQUEST_TIMEOUT_MS.propertyName(), "120000");
    cluster = ClusterHarness.create();
    try {
      cluster.startHead(s -> s.withNumCpus(2.0));
      Ray.init(cluster.gcsAddress().toString());
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  @AfterAll
  static void stopCluster() {
    leaseTimeout.restore();
    Ray.shutdown();
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Its default group has one thread, which the await methods hold until another group's call opens them. */
  @DefConcurrencyGroup(name = "io", maxConcurrency = 2)
  public static class Gate {
    private final CountDownLatch first = new CountDownLatch(1);
    private final CountDownLatch second = new CountDownLatch(1);

    public boolean awaitFirst() throws InterruptedException {
      return first.await(30, TimeUnit.SECONDS);
    }

    public boolean awaitSecond() throws InterruptedException {
      return second.await(30, TimeUnit.SECONDS);
    }

    @UseConcurrencyGroup(name = "io")
    public String openFirst() {
      first.countDown();
      return Thread.currentThread().getName();
    }

    public String openSecond() {
      second.countDown();
      return Thread.currentThread().getName();
    }

    public int slow(int ms) throws InterruptedException {
      Thread.sleep(ms);
      return ms;
    }

    public String property(String name) {
      return System.getProperty(name);
    }

    public String envVar(String name) {
      return System.getenv(name);
    }
  }

  static String env(String name) {
    return System.getenv(name);
  }

  static long pid() {
    return ProcessHandle.current().pid();
  }

  static String resource(String name) throws Exception {
    try (var in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void concurrencyGroupsRunBesideABlockedDefaultGroup() {
    ActorHandle<Gate> gate = Ray.actor(Gate::new)
        .setConcurrencyGroups(new ConcurrencyGroupBuilder<Gate>().setName("control").addMethod(Gate::openSecond).build())
        .remote();
    ObjectRef<Boolean> first = gate.task(Gate::awaitFirst).remote();
    assertTrue(Ray.get(gate.task(Gate::openFirst).remote()).startsWith("actor-io"), "@UseConcurrencyGroup's thread");
    assertTrue(Ray.get(first, 30_000));
    ObjectRef<Boolean> second = gate.task(Gate::awaitSecond).remote();
    assertTrue(Ray.get(gate.task(Gate::openSecond).remote()).startsWith("actor-control"), "the builder's group");
    assertTrue(Ray.get(second, 30_000));
    RayTaskException unknown = assertThrows(RayTaskException.class,
        () -> Ray.get(gate.task(Gate::openSecond).setConcurrencyGroup("nope").remote()));
    assertTrue(unknown.getMessage().contains("no concurrency group named nope"), unknown.getMessage());
  }

  @Test
  void maxPendingCallsRefusesACallPastTheLimitUntilEarlierOnesFinish() {
    ActorHandle<Gate> actor = Ray.actor(Gate::new).setMaxPendingCalls(2).remote();
    ObjectRef<Integer> busy = actor.task(Gate::slow, 1500).remote();
    ObjectRef<Integer> queued = actor.task(Gate::slow, 1).remote();
    PendingCallsLimitExceededException e = assertThrows(PendingCallsLimitExceededException.class,
        () -> actor.task(Gate::slow, 1).remote());
    assertEquals(actor.getId(), e.getActorId());
    Ray.get(List.of(busy, queued));
    assertEquals(1, Ray.get(actor.task(Gate::slow, 1).remote()));
    // A handle found by name keeps the limit.
    ActorHandle<Gate> named = Ray.actor(Gate::new).setName("limited-gate").setMaxPendingCalls(1).remote();
    ActorHandle<Gate> found = Ray.<ActorHandle<Gate>>getActor("limited-gate").orElseThrow();
    ObjectRef<Integer> slow = found.task(Gate::slow, 1500).remote();
    assertThrows(PendingCallsLimitExceededException.class, () -> found.task(Gate::slow, 1).remote());
    Ray.get(slow);
    named.kill();
  }

  @Test
  void aRuntimeEnvGivesTheTaskItsVariablesAndJarsInAWorkerOfItsOwn(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("extra.jar");
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry("runtime-env-resource.txt"));
      out.write("from java_jars".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    RuntimeEnv env = RuntimeEnv.builder().setEnvVars(Map.of("GREETING", "hello")).addJavaJars(List.of(jar.toString())).build();
    assertEquals("hello", Ray.get(Ray.task(ActorGroupsAndWorkerEnvTest::env, "GREETING").setRuntimeEnv(env).remote()));
    assertEquals("from java_jars", Ray.get(Ray.task(ActorGroupsAndWorkerEnvTest::resource, "runtime-env-resource.txt")
        .setRuntimeEnv(env).remote()));
    assertNull(Ray.get(Ray.task(ActorGroupsAndWorkerEnvTest::env, "GREETING").remote()),
        "a task without the env runs in the job's own workers");
    assertNull(Ray.get(Ray.task(ActorGroupsAndWorkerEnvTest::resource, "runtime-env-resource.txt").remote()));
    assertNotEquals(Ray.get(Ray.task(ActorGroupsAndWorkerEnvTest::pid).setRuntimeEnv(env).remote()),
        Ray.get(Ray.task(ActorGroupsAndWorkerEnvTest::pid).remote()));
  }

  @Test
  void anActorsJvmOptionsAndRuntimeEnvReachItsWorker() {
    ActorHandle<Gate> actor = Ray.actor(Gate::new).setJvmOptions(List.of("-Djray.test.actor-option=yes"))
        .setRuntimeEnv(RuntimeEnv.builder().setEnvVar("ACTOR_VAR", "set").build()).remote();
    assertEquals("yes", Ray.get(actor.task(Gate::property, "jray.test.actor-option").remote()));
    assertEquals("set", Ray.get(actor.task(Gate::envVar, "ACTOR_VAR").remote()));
    ActorHandle<Gate> plain = Ray.actor(Gate::new).remote();
    assertNull(Ray.get(plain.task(Gate::property, "jray.test.actor-option").remote()));
  }

  @Test
  void anObjectPutWithAnActorAsOwnerOutlivesTheDriverThatPutIt(@TempDir Path dir) throws Exception {
    String namespace = Ray.getRuntimeContext().getNamespace();
    ActorHandle<RefHolder> holder = Ray.actor(RefHolder::new).setName("owner-holder").remote();
    ActorHandle<RefHolder> second = Ray.actor(RefHolder::new).setName("owner-holder-2").remote();
    Ray.get(List.of(holder.task(RefHolder::sum).remote(), second.task(RefHolder::sum).remote())); // both alive
    Path log = dir.resolve("driver.log");
    Process driver = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), PutWithOwnerDriver.class.getName(),
        cluster.gcsAddress().toString(), "owner-holder", namespace).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    String output;
    try {
      boolean ended = driver.waitFor(90, TimeUnit.SECONDS);
      output = Files.readString(log);
      assertTrue(ended, "the second driver did not end:\n" + output);
    } finally {
      driver.descendants().forEach(ProcessHandle::destroyForcibly);
      driver.destroyForcibly();
    }
    assertEquals(0, driver.exitValue(), output);
    assertTrue(output.contains("read back 40"), output);
    // The driver is gone: what it owned went with it; what the holder owns stays.
    assertEquals(40, Ray.get(holder.task(RefHolder::sum).remote()));
    RayTaskException lost = assertThrows(RayTaskException.class, () -> Ray.get(second.task(RefHolder::sum).remote()));
    assertTrue(lost.getCause() instanceof io.jray.api.exception.OwnerDiedException
        || lost.toString().contains("Owner"), lost.toString());
    holder.kill();
    second.kill();
  }

  @Test
  void aRuntimeEnvThatCannotWorkIsOneSentenceAtTheCall() {
    IllegalArgumentException jrayVar = assertThrows(IllegalArgumentException.class,
        () -> RuntimeEnv.builder().setEnvVar("JRAY_AUTH_TOKEN", "x"));
    assertTrue(jrayVar.getMessage().startsWith("The environment variable JRAY_AUTH_TOKEN is jray's own"));
    IllegalArgumentException nul = assertThrows(IllegalArgumentException.class,
        () -> RuntimeEnv.builder().setEnvVar("A", "x\0y"));
    assertEquals("The environment variable A needs a value without NUL characters.", nul.getMessage());
    IllegalArgumentException spaced = assertThrows(IllegalArgumentException.class,
        () -> Ray.actor(Gate::new).setJvmOptions(List.of("-Xmx1g -Dx=y")));
    assertEquals("The JVM option '-Xmx1g -Dx=y' holds spaces: give each option as its own list entry.",
        spaced.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Ray.actor(Gate::new).setJvmOptions(List.of("-cp")));
    RuntimeEnv missing = RuntimeEnv.builder().addJavaJars(List.of("/no/such.jar")).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Ray.task(ActorGroupsAndWorkerEnvTest::pid).setRuntimeEnv(missing).remote());
    assertEquals("The jar /no/such.jar in the runtime env's java_jars does not exist (or is not a file): give paths of"
        + " jars on this machine.", e.getMessage());
  }
}
