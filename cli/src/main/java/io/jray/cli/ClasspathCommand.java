package io.jray.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import io.jray.runtime.process.JvmFlags;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jray classpath}: the jars a driver program needs on its classpath (jray's API and runtime). */
@Command(name = "classpath", mixinStandardHelpOptions = true,
    description = "Print the classpath a Java driver needs to use jray (for java -cp).",
    footerHeading = "%nExamples:%n",
    footer = {"  java -cp app.jar:$(jray classpath) com.example.Main",
        "  java $(jray classpath --jvm-flags) -cp app.jar:$(jray classpath) com.example.Main   # quiet on Java 24+"})
final class ClasspathCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--jvm-flags", description = "Print instead the JVM flags a driver's java command needs on this JDK "
      + "(none before Java 22; on 24+ they keep Netty and Fory from printing warnings).")
  boolean jvmFlags;

  @Override
  public Integer call() {
    if (jvmFlags) {
      spec.commandLine().getOut().println(String.join(" ", JvmFlags.quiet()));
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
    // The command's own classpath is jray's: the jars of lib/ in a distribution, absolute.
    String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(s -> !s.isBlank() && Files.exists(Path.of(s)))
        .map(s -> Path.of(s).toAbsolutePath().normalize().toString())
        .collect(Collectors.joining(File.pathSeparator));
    spec.commandLine().getOut().println(classpath);
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
