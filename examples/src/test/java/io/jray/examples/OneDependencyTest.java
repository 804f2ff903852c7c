package io.jray.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * io.jray:jray is one jar with jray's third-party dependencies relocated: a driver that brings its own, older
 * gson and protobuf-java ahead of it on its classpath uses its own versions, in the driver and in its tasks, while
 * jray (which needs protobuf 4 and a newer gson) starts a local cluster and runs the tasks.
 */
@Order(3)
class OneDependencyTest {

  private static Path jarOf(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  @Test
  void aProgramsOwnLibraryVersionsWinAndJrayStillRuns(@TempDir Path tempDir) throws Exception {
    Path jray = jarOf(io.jray.api.Ray.class);
    try (ZipFile jar = new ZipFile(jray.toFile())) {
      assertTrue(jar.getEntry("io/jray/shaded/com/google/protobuf/ByteString.class") != null,
          jray + " is not io.jray:jray's relocated jar (build the all module's package first)");
    }
    List<String> classpath = new ArrayList<>();
    try (Stream<Path> userLibs = Files.list(Path.of("target", "user-libs"))) {
      userLibs.sorted().forEach(p -> classpath.add(p.toAbsolutePath().toString())); // the user's versions first
    }
    classpath.add(jray.toString());
    classpath.add(jarOf(org.apache.fory.Fory.class).toString()); // not relocated: the reduced pom names them
    classpath.add(jarOf(org.codehaus.janino.Compiler.class).toString());
    classpath.add(jarOf(org.codehaus.commons.compiler.CompileException.class).toString());
    classpath.add(jarOf(OwnLibrariesDriver.class).toString());
    classpath.add(jarOf(MonteCarloPi.class).toString());
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", String.join(File.pathSeparator, classpath), OwnLibrariesDriver.class.getName())
        .redirectErrorStream(true).redirectOutput(tempDir.resolve("driver.log").toFile());
    builder.environment().put("JRAY_TMPDIR", tempDir.toString());
    builder.environment().remove("JRAY_ADDRESS");
    Process driver = builder.start();
    try {
      boolean ended = driver.waitFor(150, TimeUnit.SECONDS);
      String output = Files.readString(tempDir.resolve("driver.log"), StandardCharsets.UTF_8);
      assertTrue(ended, "the driver did not end:\n" + output);
      assertEquals(0, driver.exitValue(), output);
      String own = "gson-2.9.0.jar|";
      assertTrue(output.lines().anyMatch(l -> l.startsWith("driver ") && l.contains(own)
          && l.endsWith("protobuf-java-3.25.5.jar")), output);
      assertTrue(output.lines().anyMatch(l -> l.startsWith("task ") && l.contains(own)
          && l.endsWith("protobuf-java-3.25.5.jar")), "the task's worker sees the user's versions too:\n" + output);
      assertTrue(output.lines().anyMatch(l -> l.startsWith("sampled ")), output);
    } finally {
      driver.descendants().forEach(ProcessHandle::destroyForcibly);
      driver.destroyForcibly();
    }
  }
}
