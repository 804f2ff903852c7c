package io.jray.dropin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RayConfigNamesTest {

  @Test
  void addressIsPassedOnAndAutoIsJraysAuto() {
    assertEquals("10.0.0.5:6379", RayConfigNames.apply(props("ray.address", "10.0.0.5:6379")));
    assertEquals("auto", RayConfigNames.apply(props("ray.address", "AUTO")));
    assertNull(RayConfigNames.apply(new Properties()), "no address: jray's default search, then a local cluster");
  }

  @Test
  void namespaceBecomesJraysUnlessJraysIsSet() {
    Properties properties = props("ray.job.namespace", "shop");
    RayConfigNames.apply(properties);
    assertEquals("shop", properties.getProperty("jray.job.namespace"));

    Properties both = props("ray.job.namespace", "shop");
    both.setProperty("jray.job.namespace", "own");
    RayConfigNames.apply(both);
    assertEquals("own", both.getProperty("jray.job.namespace"));
  }

  @Test
  void jvmOptionsComeFromTheStringAndTheNumberedListInOrderAfterJraysDefaults() {
    Properties properties = props("ray.job.jvm-options", "-Xmx1g  -Da=1");
    properties.setProperty("ray.job.jvm-options.1", "-Dc=3");
    properties.setProperty("ray.job.jvm-options.0", "-Db=2");
    RayConfigNames.apply(properties);
    String options = properties.getProperty("jray.worker_jvm_options");
    assertTrue(options.endsWith("-Xmx1g -Da=1 -Db=2 -Dc=3"), options);
    assertTrue(options.startsWith("-Xshare:auto"), "jray's own worker options stay: " + options);
  }

  @Test
  void aListItemThatIsNotNumberedIsRefusedNamingTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RayConfigNames.apply(props("ray.job.jvm-options.first", "-Xmx1g")));
    assertTrue(e.getMessage().startsWith("Invalid ray.job.jvm-options.first"), e.getMessage());
  }

  @Test
  void codeSearchPathFolderBringsItsJars(@TempDir Path dir) throws Exception {
    Path lib = Files.createDirectory(dir.resolve("lib"));
    Files.writeString(lib.resolve("b.jar"), "");
    Files.writeString(lib.resolve("a.jar"), "");
    Files.writeString(lib.resolve("notes.txt"), "");
    Path single = Files.writeString(dir.resolve("single.jar"), "");
    Properties properties = props("ray.job.code-search-path", lib + File.pathSeparator + single);
    RayConfigNames.apply(properties);
    assertEquals(String.join(File.pathSeparator, List.of(lib.toString(), lib.resolve("a.jar").toString(),
        lib.resolve("b.jar").toString(), single.toString())), properties.getProperty("jray.job_code_search_path"));
  }

  @Test
  void aMissingCodeSearchPathEntryIsNamed(@TempDir Path dir) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RayConfigNames.apply(props("ray.job.code-search-path", dir.resolve("gone").toString())));
    assertEquals("The folder or jar " + dir.resolve("gone") + " in ray.job.code-search-path does not exist.",
        e.getMessage());
  }

  @Test
  void runModeLocalSelectsJraysLocalModeAndAnUnknownModeIsOneSentence() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RayConfigNames.apply(props("ray.run-mode", "SINGLE_PROCESS")));
    assertEquals("Invalid ray.run-mode=SINGLE_PROCESS: use CLUSTER (the default) or LOCAL.", e.getMessage());
    Properties cluster = props("ray.run-mode", "CLUSTER");
    assertNull(RayConfigNames.apply(cluster));
    assertNull(cluster.getProperty("jray.run-mode"));
    Properties local = props("ray.run-mode", "LOCAL");
    assertNull(RayConfigNames.apply(local));
    assertEquals("LOCAL", local.getProperty("jray.run-mode"));
  }

  @Test
  void aRayClientAddressIsRefusedInOneSentence() {
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> RayConfigNames.apply(props("ray.address", "ray://head:10001")));
    assertEquals("Ray Client addresses (ray.address=ray://head:10001) are not supported by jray: give the head's "
        + "GCS address as host:port, or auto.", e.getMessage());
  }

  private static Properties props(String key, String value) {
    Properties properties = new Properties();
    properties.setProperty(key, value);
    return properties;
  }
}
