package io.jray.node;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The jars of a distribution's {@code lib/} a driver needs (jray's API, runtime and daemons, the examples; not the
 * CLI's own libraries), as {@code lib/driver.classpath} lists them (made by the build). What {@code jray classpath}
 * prints, and what the drivers' class-data archive is made for: both need the same string.
 */
public final class DriverClasspath {
  /** The list's file in {@code lib/}. */
  public static final String FILE = "driver.classpath";

  private DriverClasspath() {}

  /** In a distribution, the driver classpath (absolute jars); empty when this runs from a build's class folders. */
  public static Optional<String> ofThisDistribution() {
    try {
      Path jar = Path.of(DriverClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path list = jar.resolveSibling(FILE);
      if (!Files.isRegularFile(jar) || !Files.isRegularFile(list)) {
        return Optional.empty();
      }
      Path home = list.getParent().getParent();
      return Optional.of(Arrays.stream(Files.readString(list).strip().split(":"))
          .filter(entry -> !entry.isBlank())
          .map(entry -> home.resolve(entry).toAbsolutePath().normalize().toString())
          .collect(Collectors.joining(File.pathSeparator)));
    } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
