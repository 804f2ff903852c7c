package io.jray.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import io.jray.node.DriverClasspath;
import io.jray.raylet.DriverClassArchive;
import io.jray.runtime.config.JrayConfig;
import java.util.ArrayList;
import java.util.List;
import io.jray.runtime.process.JvmFlags;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jray classpath}: the jars a driver program needs on its classpath (jray's API, runtime and daemons; not the
 * CLI's own libraries).
 */
@Command(name = "classpath", mixinStandardHelpOptions = true,
    description = "Print the classpath a Java driver needs to use jray (for java -cp).",
    footerHeading = "%nExamples:%n",
    footer = {"  java -cp app.jar:$(jray classpath) com.example.Main",
        "  java $(jray classpath --jvm-flags) -cp app.jar:$(jray classpath) com.example.Main   # quiet on Java 24+"})
final class ClasspathCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--jvm-flags", description = "Print instead the JVM flags a driver's java command needs on this JDK "
      + "(on 24+ they keep Netty and Fory from printing warnings), and, once a node of this install made it, the "
      + "drivers' class-data archive (a shorter Ray.init() for a classpath that begins with 'jray classpath').")
  boolean jvmFlags;

  /**
   * The jars a driver needs, absolute: in a distribution those {@code lib/driver.classpath} names (jray's API, runtime
   * and daemons, the examples; not what only the CLI uses); otherwise this command's own classpath.
   */
  static String driverClasspath() {
    return existing(DriverClasspath.ofThisDistribution().orElse(System.getProperty("java.class.path")));
  }

  /** The entries of a classpath that exist, absolute. */
  private static String existing(String classpath) {
    return Arrays.stream(classpath.split(File.pathSeparator))
        .filter(s -> !s.isBlank() && Files.exists(Path.of(s)))
        .map(s -> Path.of(s).toAbsolutePath().normalize().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** The folder of the jar this command runs from (lib/ in a distribution). */
  private static java.util.Optional<Path> libDir() {
    try {
      Path jar = Path.of(ClasspathCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(jar) ? java.util.Optional.ofNullable(jar.getParent()) : java.util.Optional.empty();
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  @Option(names = "--all", description = "Print all of jray's jars instead (the CLI's and the benchmarks' too), for "
      + "running jray's own tools such as io.jray.bench.*.")
  boolean all;

  @Override
  public Integer call() {
    if (jvmFlags) {
      List<String> flags = new ArrayList<>(JvmFlags.quiet());
      // Once a raylet of this install made it: the drivers' class-data archive, for the classpath printed here.
      flags.addAll(DriverClassArchive.flags(JrayConfig.WORKER_CLASS_ARCHIVE_DIR.get(), driverClasspath()));
      spec.commandLine().getOut().println(String.join(" ", flags));
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
    spec.commandLine().getOut().println(all ? existing(System.getProperty("java.class.path")) : driverClasspath());
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
