package io.jray.dropintests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a driver program in a JVM of its own, with the classpath a Ray user's would have (the programs,
 * Ray's API, jray-ray-runtime and what they bring; never the test's), as {@code java -D... Main args}. The
 * process, and anything it started, is ended when the run is over, whatever happened.
 */
final class DriverProgram {
  private static final String PACKAGE = "io.jray.dropintests.drivers.";
  private static final long TIMEOUT_S = 120;

  private final String mainClass;
  private final List<String> properties = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final List<String> args = new ArrayList<>();

  private DriverProgram(String mainClass) {
    this.mainClass = PACKAGE + mainClass;
  }

  /** The program {@code io.jray.dropintests.drivers.<simpleName>}. */
  static DriverProgram named(String simpleName) {
    return new DriverProgram(simpleName);
  }

  DriverProgram property(String name, String value) {
    properties.add("-D" + name + "=" + value);
    return this;
  }

  DriverProgram environment(String name, String value) {
    environment.put(name, value);
    return this;
  }

  DriverProgram args(String... values) {
    args.addAll(List.of(values));
    return this;
  }

  /** Runs it to the end; fails the test (with its output) unless it exits 0. @return its key=value lines */
  Map<String, String> run(Path outputDir) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
    command.addAll(properties);
    command.add("-cp");
    command.add(classpath());
    command.add(mainClass);
    command.addAll(args);
    Path stdout = Files.createTempFile(outputDir, mainClass.substring(PACKAGE.length()) + "-", ".out");
    Path stderr = Path.of(stdout.toString().replace(".out", ".err"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    try {
      if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
        fail(mainClass + " did not end within " + TIMEOUT_S + " s\n" + output(stdout, stderr));
      }
      if (process.exitValue() != 0) {
        fail(mainClass + " exited with " + process.exitValue() + "\n" + output(stdout, stderr));
      }
      return lines(stdout);
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String classpath() throws IOException {
    String dependencies = Files.readString(Path.of(System.getProperty("dropin.driver.classpath.file"))).trim();
    return System.getProperty("dropin.driver.classes") + File.pathSeparator + dependencies;
  }

  private static Map<String, String> lines(Path stdout) throws IOException {
    Map<String, String> found = new LinkedHashMap<>();
    for (String line : Files.readAllLines(stdout)) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("(")) {
        found.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return found;
  }

  private static String output(Path stdout, Path stderr) throws IOException {
    return "--- stdout\n" + Files.readString(stdout) + "--- stderr\n" + Files.readString(stderr);
  }
}
