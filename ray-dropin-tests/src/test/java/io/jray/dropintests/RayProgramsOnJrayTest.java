package io.jray.dropintests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.node.NodeLauncher;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ray Java programs, compiled against io.ray:ray-api alone, run unchanged in JVMs of their own on a real jray
 * cluster (a head and a second node that alone has the resource "node2", 2 CPUs each), with jray-ray-runtime
 * where io.ray:ray-runtime would be. Their code, Ray's API and jray-ray-runtime reach the workers as job packages:
 * the cluster's own classpath has none of them.
 */
@Timeout(value = 150, unit = java.util.concurrent.TimeUnit.SECONDS)
class RayProgramsOnJrayTest {
  private static ClusterHarness cluster;
  private static NodeLauncher.StartedNode head;
  private static Path outputDir;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = ClusterHarness.create();
    try {
      head = cluster.startHead(spec -> spec.withNumCpus(2.0));
      cluster.addNode(spec -> spec.withNumCpus(2.0).withCustomResources(Map.of("node2", 1.0)));
      outputDir = Files.createDirectories(Path.of("target", "driver-output").toAbsolutePath());
    } catch (Exception | Error e) {
      cluster.close();
      cluster = null;
      throw e;
    }
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static DriverProgram driver(String name) {
    return DriverProgram.named(name).property("ray.address", cluster.gcsAddress().toString());
  }

  @Test
  void tasksObjectsWaitAndFreeWorkAsInRay() throws Exception {
    Path searchPath = Files.createTempDirectory(outputDir, "code-search-path-");
    writeJar(searchPath.resolve("plugin.jar"), "dropin-plugin.txt", "from the code search path");
    Map<String, String> report = driver("TasksAndObjects")
        .property("ray.job.code-search-path", searchPath.toString()).run(outputDir);
    assertEquals("49", report.get("square"));
    assertEquals("13", report.get("chained"), "an ObjectRef argument stands for its value");
    assertEquals("hello", report.get("put"));
    assertEquals("[4, 25]", report.get("getList"));
    assertEquals("6", report.get("refsInList"), "refs inside a value are read with Ray.get in the worker");
    assertEquals("36", report.get("nested"), "a task submits a task through Ray's API in the worker");
    assertEquals("5", report.get("refReturned"), "a ref returned inside a task's value reads the task's object");
    assertEquals("1", report.get("waitReady"));
    assertEquals("1", report.get("waitUnready"));
    assertEquals("true", report.get("waitReadyIsFast"), "wait hands back the caller's own refs");
    assertEquals("RayTimeoutException", report.get("getTimeout"));
    assertEquals("1", report.get("slowEventually"));
    assertEquals("2", report.get("waitAll"));
    assertEquals("true", report.get("ranOnOtherNode"), "a custom resource sends the task to the second node");
    assertEquals("from the code search path", report.get("searchPathResource"),
        "ray.job.code-search-path reaches the workers");
    assertEquals(String.valueOf(1 << 20), report.get("beforeFree"));
    assertEquals("UnreconstructableException", report.get("afterFree"));
    assertEquals("true", report.get("done"));
  }

  @Test
  void actorsKeepOrderAreFoundByNameAndEndWithKillOrExitActor() throws Exception {
    Map<String, String> report = driver("Actors").run(outputDir);
    assertEquals("[11, 13, 16]", report.get("inOrder"), "calls from one handle run in order");
    assertEquals("true", report.get("actorIdMatches"));
    assertEquals("true", report.get("selfHandleMatches"));
    assertEquals("false", report.get("restarted"));
    assertEquals("116", report.get("handleInTask"), "a handle passed to a task calls the same actor");
    assertEquals("true", report.get("namedFound"));
    assertEquals("5", report.get("namedValue"));
    assertEquals("false", report.get("missingNamed"));
    assertEquals("IllegalArgumentException", report.get("duplicateName"));
    assertEquals("RayActorException", report.get("afterKill"));
    assertEquals("7 restarted=true", report.get("afterRestart"), "kill(false) restarts an actor with restarts left");
    assertEquals("RayActorException", report.get("afterExitActor"));
    assertEquals("true", report.get("done"));
  }

  @Test
  void concurrencyGroupsAndMaxPendingCallsWorkAsInRay() throws Exception {
    assertConcurrencyGroups(driver("ConcurrencyGroups").run(outputDir), "false");
  }

  @Test
  void runtimeEnvAndActorJvmOptionsReachTheirWorkers() throws Exception {
    Map<String, String> report = driver("RuntimeEnvs").run(outputDir);
    assertEquals("v1", report.get("taskEnv"), "env_vars reach the task's worker");
    assertEquals("null", report.get("plainTaskEnv"), "a task without the env runs in the job's own workers");
    assertEquals("v1", report.get("actorEnv"));
    assertEquals("opt", report.get("actorOption"), "setJvmOptions reaches the actor's JVM");
    assertEquals("{\"DROPIN_VAR\":\"v1\"}", report.get("roundTrip"));
    assertEquals("The runtime env field pip is not supported by jray: Java workers take env_vars and java_jars.",
        report.get("pip"));
    assertEquals("true", report.get("done"));
  }

  @Test
  void rayLocalModeRunsTheSameProgramsInTheDriverJvm() throws Exception {
    // No address and no cluster in its temp dir: in LOCAL mode Ray.init() starts nothing.
    Path tempDir = Files.createTempDirectory(outputDir, "local-mode-");
    assertConcurrencyGroups(DriverProgram.named("ConcurrencyGroups").property("ray.run-mode", "LOCAL")
        .environment("JRAY_TMPDIR", tempDir.toString()).run(outputDir), "true");
    Map<String, String> actors = DriverProgram.named("Actors").property("ray.run-mode", "LOCAL")
        .environment("JRAY_TMPDIR", tempDir.toString()).run(outputDir);
    assertEquals("[11, 13, 16]", actors.get("inOrder"));
    assertEquals("true", actors.get("actorIdMatches"));
    assertEquals("116", actors.get("handleInTask"));
    assertEquals("5", actors.get("namedValue"));
    assertEquals("IllegalArgumentException", actors.get("duplicateName"));
    assertEquals("RayActorException", actors.get("afterKill"));
    assertEquals("7 restarted=true", actors.get("afterRestart"));
    assertEquals("RayActorException", actors.get("afterExitActor"));
    assertEquals("true", actors.get("done"));
    try (var files = Files.list(tempDir)) {
      assertEquals(List.of(), files.toList(), "local mode started no cluster");
    }
  }

  private static void assertConcurrencyGroups(Map<String, String> report, String localMode) {
    assertEquals(localMode, report.get("localMode"));
    assertEquals("true", report.get("annotatedGroup"), "@UseConcurrencyGroup runs beside the blocked default group");
    assertEquals("true", report.get("builderGroup"), "a ConcurrencyGroupBuilder group runs beside it");
    assertEquals("true", report.get("callGroup"), "setConcurrencyGroup on the call picks the group");
    assertEquals("PendingCallsLimitExceededException:true", report.get("pastLimit"));
    assertEquals("1", report.get("afterLimit"));
    assertEquals("true", report.get("done"));
  }

  @Test
  void detachedActorOutlivesItsDriverAndIsFoundInTheNamespaceThroughAddressAuto() throws Exception {
    // ray.address=auto reads the address file of the cluster this host started last: here, the head's temp dir.
    String tempDir = head.layout().tempDir().toString();
    Map<String, String> created = DriverProgram.named("DetachedActors").property("ray.address", "auto")
        .property("ray.job.namespace", "dropin-ns").environment("JRAY_TMPDIR", tempDir).args("create").run(outputDir);
    assertEquals("42", created.get("created"));
    Map<String, String> found = DriverProgram.named("DetachedActors").property("ray.address", "auto")
        .property("ray.job.namespace", "dropin-ns").environment("JRAY_TMPDIR", tempDir).args("find").run(outputDir);
    assertEquals("dropin-ns", found.get("namespace"));
    assertEquals("true", found.get("found"), "the detached actor outlived the driver that made it");
    assertEquals("42", found.get("value"));
  }

  @Test
  void failuresAreRaysExceptionsAndPythonOrCppCallsAreRefusedInOneSentence() throws Exception {
    Map<String, String> report = driver("Errors").run(outputDir);
    assertEquals("RayTaskException", report.get("task"));
    assertEquals("java.lang.IllegalStateException", report.get("taskCause"), "the cause is the task's own exception");
    assertEquals("boom", report.get("taskCauseMessage"));
    assertEquals("true", report.get("taskMessageNamesBoom"));
    assertEquals("RayTaskException", report.get("actorMethod"));
    assertEquals("java.lang.IllegalArgumentException", report.get("actorMethodCause"));
    assertEquals("1", report.get("actorAliveAfterFailure"), "a method that throws leaves its actor alive");
    assertEquals("RayTaskException:inner", report.get("nestedCatch"), "a task catches Ray's exception too");
    assertTrue(report.get("python").startsWith("jray runs Java code only: Python"), report.get("python"));
    assertTrue(report.get("cpp").startsWith("jray runs Java code only: C++"), report.get("cpp"));
    assertTrue(report.get("parallelActors").contains("not supported by jray"), report.get("parallelActors"));
    assertEquals("true", report.get("done"));
  }

  @Test
  void placementGroupSpreadsOverBothNodesAndTheContextTellsRaysIds() throws Exception {
    Map<String, String> report = driver("PlacementAndContext").property("ray.job.namespace", "ctx-ns").run(outputDir);
    assertEquals("true", report.get("groupReady"));
    assertEquals("CREATED", report.get("groupState"));
    assertEquals("true", report.get("groupByName"));
    assertEquals("true", report.get("groupListed"));
    assertEquals("true", report.get("bundlesOnTwoNodes"), "STRICT_SPREAD puts the bundles on different nodes");
    assertEquals("true", report.get("actorInBundle1"));
    assertEquals("ctx-ns", report.get("namespace"), "ray.job.namespace names the job's namespace");
    assertEquals("2", report.get("nodes"));
    assertEquals("true", report.get("nodesAlive"));
    assertEquals("true", report.get("driverNodeListed"));
    assertEquals("true", report.get("taskJobIdMatches"));
    assertEquals("24", report.get("taskIdLength"));
    assertEquals("true", report.get("actorListedAlive"));
    assertEquals("true", report.get("actorJobIsThisJob"));
    assertEquals("IllegalStateException", report.get("driverActorId"));
    assertEquals("[4, 16, 18, 28]", report.get("idLengths"), "job, actor, placement group and node ids have Ray's lengths");
    assertEquals("true", report.get("idsRoundTrip"));
    assertEquals("REMOVED", report.get("removedState"));
    assertEquals("true", report.get("done"));
  }

  @Test
  void initWithoutAnAddressStartsALocalClusterWithRaysJvmOptionsAndShutdownEndsIt() throws Exception {
    // A temp dir of its own: no cluster is recorded there, so Ray.init() has to start one.
    Path tempDir = Files.createTempDirectory(outputDir, "local-cluster-");
    try {
      Map<String, String> report = DriverProgram.named("LocalCluster")
          .property("ray.job.jvm-options", "-Ddropin.first=one")
          .property("ray.job.jvm-options.0", "-Ddropin.second=two")
          .environment("JRAY_TMPDIR", tempDir.toString()).run(outputDir);
      assertEquals("1", report.get("nodes"));
      assertEquals("144", report.get("square"));
      assertEquals("one", report.get("firstOption"), "ray.job.jvm-options reach the local cluster's workers");
      assertEquals("two", report.get("secondOption"), "and so does Ray's list form, ray.job.jvm-options.0");
      assertEquals("true", report.get("done"));
      Await.until("the local cluster's processes end with Ray.shutdown()", Duration.ofSeconds(20),
          () -> processesNaming(tempDir).isEmpty());
    } finally {
      processesNaming(tempDir).forEach(ProcessHandle::destroyForcibly);
    }
  }

  private static List<ProcessHandle> processesNaming(Path dir) {
    String marker = dir.toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
  }

  private static void writeJar(Path jar, String entry, String content) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry(entry));
      out.write(content.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
  }
}
