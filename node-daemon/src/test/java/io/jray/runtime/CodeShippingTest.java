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
              + ", protobuf " + loadable("com.google.protobuf.ByteString")
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
      // The driver's classpath has gson 2.9.0 where jray's has 2.13.2 (the rest, protobuf included, is jray's own
      // versions: libraries the job shares with jray byte for byte).
      String jraysGson = Path.of(com.google.gson.Gson.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI()).toString();
      String classpath = System.getProperty("java.class.path").replace(jraysGson, oldGson.toString());
      assertTrue(!classpath.equals(System.getProperty("java.class.path")), "jray's gson is on the test's classpath");
      String output = runDriver(cluster, classes, classpath, "probe.IsolationProbe");
      for (String who : List.of("task", "actor")) {
        String line = output.lines().filter(l -> l.startsWith(who + ": ")).findFirst().orElse("");
        assertTrue(line.contains("package_cache/" + sha256 + ".jar"), "the job's gson (" + sha256 + "), not jray's: "
            + output);
        assertTrue(line.contains("Strictness hidden"), "gson 2.9 has no Strictness (2.11+): " + output);
        assertTrue(line.contains("raylet hidden") && line.contains("runtime hidden")
            && line.contains("raylet by context hidden"), "jray's internals are not loadable: " + output);
        assertTrue(line.contains("api loadable"), "jray's API is: " + output);
        assertTrue(line.contains("protobuf loadable"), "a library the job shares with jray, same version: " + output);
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

  /** Runs a driver with its classes ahead of {@code classpath}; returns its output once it exited with 0. */
  private static String runDriver(ClusterHarness cluster, Path classes, String classpath, String main)
      throws Exception {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classes + File.pathSeparator + classpath, main, cluster.gcsAddress().toString());
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
      String output = runDriver(cluster, classes, System.getProperty("java.class.path"), "shipped.ShippedMain");
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
