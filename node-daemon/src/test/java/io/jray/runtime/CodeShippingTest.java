package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.testing.ClusterHarness;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A driver's own code (and only it) reaches the workers through the GCS: nothing is installed on the nodes; there it
 * runs in a class loader of its own, seeing jray's API and its own jars only.
 */
@Order(4)
class CodeShippingTest {
  private static final String SOURCE = """
      package shipped;
      import io.jray.api.Ray;
      public class ShippedMain {
        public static String where(String who) {
          return who + " ran from " + ShippedMain.class.getProtectionDomain().getCodeSource().getLocation();
        }
        public static void main(String[] args) {
          Ray.init(args[0]);
          System.out.println(Ray.task(ShippedMain::where, "task").remote().get());
          Ray.shutdown();
        }
      }
      """;

  /** Looks from a task and from an actor at which gson it gets and at what of jray's it can load. */
  private static final String PROBE = """
      package probe;
      import io.jray.api.ActorHandle;
      import io.jray.api.Ray;
      public class IsolationProbe {
        public static String look(String who) {
          return who + ": gson from " + location("com.google.gson.Gson")
              + ", Strictness " + loadable("com.google.gson.Strictness")
              + ", raylet " + loadable("io.jray.raylet.Raylet")
              + ", runtime " + loadable("io.jray.runtime.CoreWorker")
              + ", grpc " + loadable("io.grpc.Server")
              + ", raylet by context " + byContext("io.jray.raylet.Raylet")
              + ", api " + loadable("io.jray.api.ObjectRef");
        }
        static String location(String name) {
          try {
            return Class.forName(name).getProtectionDomain().getCodeSource().getLocation().getPath();
          } catch (ClassNotFoundException e) {
            return "nowhere";
          }
        }
        static String loadable(String name) {
          try {
            Class.forName(name);
            return "loadable";
          } catch (ClassNotFoundException e) {
            return "hidden";
          }
        }
        static String byContext(String name) {
          try {
            Thread.currentThread().getContextClassLoader().loadClass(name);
            return "loadable";
          } catch (ClassNotFoundException e) {
            return "hidden";
          }
        }
        public static class Prober {
          public String look() {
            return IsolationProbe.look("actor");
          }
        }
        public static void main(String[] args) {
          Ray.init(args[0]);
          System.out.println(Ray.task(IsolationProbe::look, "task").remote().get());
          ActorHandle<Prober> actor = Ray.actor(Prober::new).remote();
          System.out.println(actor.task(Prober::look).remote().get());
          Ray.shutdown();
        }
      }
      """;

  @Test
  void aJobSeesItsOwnVersionOfALibraryJrayUsesAndNoneOfJraysInternals() throws Exception {
    Path oldGson = Path.of("target", "job-libs", "gson-2.9.0.jar").toAbsolutePath();
    assertTrue(Files.exists(oldGson), "the build copies gson 2.9.0 for this test: " + oldGson);
    // The node caches a fetched package by its SHA-256.
    String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(oldGson)));
    try (ClusterHarness cluster = ClusterHarness.withHead(1)) {
      Path classes = compile(cluster, "probe/IsolationProbe.java", PROBE);
      // The job's own gson reaches the workers as the job's code does (Ray's code search path); the driver itself
      // keeps jray's, which its runtime needs.
      String output = runDriver(cluster, classes, List.of("-Djray.job_code_search_path=" + oldGson),
          "probe.IsolationProbe");
      for (String who : List.of("task", "actor")) {
        String line = output.lines().filter(l -> l.startsWith(who + ": ")).findFirst().orElse("");
        assertTrue(line.contains("package_cache/" + sha256 + ".jar"), "the job's gson (" + sha256 + "), not jray's: "
            + output);
        assertTrue(line.contains("Strictness hidden"), "gson 2.9 has no Strictness (2.11+): " + output);
        assertTrue(line.contains("raylet hidden") && line.contains("runtime hidden") && line.contains("grpc hidden")
            && line.contains("raylet by context hidden"), "jray's internals are not loadable: " + output);
        assertTrue(line.contains("api loadable"), "jray's API is: " + output);
      }
    }
  }

  private static Path compile(ClusterHarness cluster, String name, String source) throws Exception {
    Path src = cluster.newTempDir("src");
    Path classes = cluster.newTempDir("driver-classes");
    Path file = src.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null,
        "-cp", System.getProperty("java.class.path"), "-d", classes.toString(), file.toString());
    assertEquals(0, compiled, "the driver's code compiles");
    return classes;
  }

  /** Runs a driver with its classes ahead of the test's classpath; returns its output once it exited with 0. */
  private static String runDriver(ClusterHarness cluster, Path classes, List<String> jvmFlags, String main)
      throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString()));
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", classes + File.pathSeparator + System.getProperty("java.class.path"), main,
        cluster.gcsAddress().toString()));
    Process driver = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(driver.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(driver.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, driver.exitValue(), output);
    return output;
  }

  @Test
  void aClassOnlyTheDriverHasRunsOnTheWorkersFromTheNodeCache() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.withHead(1)) {
      Path classes = compile(cluster, "shipped/ShippedMain.java", SOURCE);
      String output = runDriver(cluster, classes, List.of(), "shipped.ShippedMain");
      Path cache = cluster.nodes().get(0).layout().tempDir().resolve("package_cache");
      assertTrue(output.contains("task ran from file:" + cache), output);
      List<Path> cached;
      try (var files = Files.list(cache)) {
        cached = files.toList();
      }
      assertEquals(1, cached.size(), "only the entry the node lacked was fetched: " + cached);
      List<Path> stored;
      try (var files = Files.list(cluster.nodes().get(0).layout().sessionDir().resolve("packages"))) {
        stored = files.toList();
      }
      assertEquals(List.of(cached.get(0).getFileName()), stored.stream().map(Path::getFileName).toList(),
          "the driver uploaded its own classes and none of jray's jars");
    }
  }
}
