package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@code jray classpath} prints absolute, existing entries that hold jray's API and runtime. */
class CliClasspathTest {
  @Test
  void classpathNamesTheApiAndRuntimeAsAbsolutePaths() {
    try (CliRun cli = CliRun.sandbox()) {
      String out = cli.run("classpath").expectExit(0).out().trim();
      String[] entries = out.split(File.pathSeparator);
      assertTrue(Arrays.stream(entries).allMatch(e -> Path.of(e).isAbsolute() && Files.exists(Path.of(e))), out);
      assertTrue(Arrays.stream(entries).anyMatch(e -> e.contains("jray-api") || e.contains("/api/target/classes")), out);
      assertTrue(Arrays.stream(entries).anyMatch(e -> e.contains("jray-runtime") || e.contains("/runtime/target/classes")), out);
    }
  }
}
