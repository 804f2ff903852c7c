package io.jray.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jray classpath}: the jars a driver program needs on its classpath (jray's API and runtime). */
@Command(name = "classpath", mixinStandardHelpOptions = true,
    description = "Print the classpath a Java driver needs to use jray (for java -cp).",
    footerHeading = "%nExamples:%n",
    footer = {"  java -cp app.jar:$(jray classpath) com.example.Main"})
final class ClasspathCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
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
