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

/** A driver's own code (and only it) reaches the workers through the GCS: nothing is installed on the nodes. */
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

  @Test
  void aClassOnlyTheDriverHasRunsOnTheWorkersFromTheNodeCache() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.withHead(1)) {
      Path src = cluster.newTempDir("src");
      Path classes = cluster.newTempDir("driver-classes");
      Path file = src.resolve("shipped/ShippedMain.java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, SOURCE);
      int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null,
          "-cp", System.getProperty("java.class.path"), "-d", classes.toString(), file.toString());
      assertEquals(0, compiled, "the driver's code compiles");

      Process driver = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", classes + File.pathSeparator + System.getProperty("java.class.path"),
          "shipped.ShippedMain", cluster.gcsAddress().toString()).redirectErrorStream(true).start();
      String output = new String(driver.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(driver.waitFor(120, TimeUnit.SECONDS));
      assertEquals(0, driver.exitValue(), output);
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
