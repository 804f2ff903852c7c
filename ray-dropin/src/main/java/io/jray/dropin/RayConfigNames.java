package io.jray.dropin;

import io.jray.runtime.config.JrayConfig;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Ray's configuration names, the system properties a Ray Java driver is started with, as jray's: read once,
 * before the driver connects.
 *
 * <ul>
 *   <li>{@code ray.address}: {@code host:port} of the GCS, or {@code auto} for the cluster this host last
 *       started; unset, jray's default (a live cluster recorded on this host, else a new local one).
 *   <li>{@code ray.job.namespace}: the job's namespace ({@code jray.job.namespace}).
 *   <li>{@code ray.job.code-search-path}: folders and jars, separated by the path separator, whose code the
 *       workers need besides the driver's classpath; a folder brings its jars too
 *       ({@link JrayConfig#JOB_CODE_SEARCH_PATH}).
 *   <li>{@code ray.job.jvm-options} (one string, or Ray's list form {@code ray.job.jvm-options.0},
 *       {@code .1}, ...): options of the worker JVMs, for the local cluster {@code Ray.init()} starts
 *       ({@link JrayConfig#WORKER_JVM_OPTIONS}); a running cluster's workers keep that cluster's own.
 *   <li>{@code ray.run-mode}: {@code CLUSTER} (default) or {@code LOCAL}, jray's local mode
 *       ({@code jray.run-mode}): tasks and actors on threads of the driver's JVM, no daemon.
 * </ul>
 */
final class RayConfigNames {
  static final String ADDRESS = "ray.address";
  static final String NAMESPACE = "ray.job.namespace";
  static final String CODE_SEARCH_PATH = "ray.job.code-search-path";
  static final String JVM_OPTIONS = "ray.job.jvm-options";
  static final String RUN_MODE = "ray.run-mode";

  /** jray's run mode (CLUSTER or LOCAL). */
  static final String JRAY_RUN_MODE = "jray.run-mode";

  /** Where jray's driver finds the job's namespace. */
  static final String JRAY_NAMESPACE = "jray.job.namespace";

  private RayConfigNames() {}

  /**
   * Sets jray's properties in {@code properties} from Ray's there, leaving any jray property already set alone
   * (or, for lists, adding to it).
   *
   * @return the address for jray's {@code Ray.init(address)}: {@code "auto"}, {@code "host:port"}, or null
   */
  static String apply(Properties properties) {
    String runMode = properties.getProperty(RUN_MODE, "").trim();
    if (!runMode.isEmpty() && !runMode.equalsIgnoreCase("CLUSTER") && !runMode.equalsIgnoreCase("LOCAL")) {
      throw new IllegalArgumentException("Invalid " + RUN_MODE + "=" + runMode + ": use CLUSTER (the default) or "
          + "LOCAL.");
    }
    if (runMode.equalsIgnoreCase("LOCAL") && properties.getProperty(JRAY_RUN_MODE) == null) {
      properties.setProperty(JRAY_RUN_MODE, "LOCAL");
    }
    String namespace = properties.getProperty(NAMESPACE);
    if (namespace != null && !namespace.isBlank() && properties.getProperty(JRAY_NAMESPACE) == null) {
      properties.setProperty(JRAY_NAMESPACE, namespace.trim());
    }
    List<String> searchPath = codeSearchPath(properties.getProperty(CODE_SEARCH_PATH, ""));
    if (!searchPath.isEmpty()) {
      addToList(properties, JrayConfig.JOB_CODE_SEARCH_PATH.propertyName(), String.join(File.pathSeparator, searchPath),
          File.pathSeparator);
    }
    List<String> jvmOptions = jvmOptions(properties);
    if (!jvmOptions.isEmpty()) {
      String current = properties.getProperty(JrayConfig.WORKER_JVM_OPTIONS.propertyName(),
          JrayConfig.WORKER_JVM_OPTIONS.get());
      properties.setProperty(JrayConfig.WORKER_JVM_OPTIONS.propertyName(),
          (current.trim() + " " + String.join(" ", jvmOptions)).trim());
    }
    String address = properties.getProperty(ADDRESS, "").trim();
    if (address.startsWith("ray://")) {
      throw new UnsupportedOperationException("Ray Client addresses (" + ADDRESS + "=" + address + ") are not "
          + "supported by jray: give the head's GCS address as host:port, or auto.");
    }
    return address.isEmpty() ? null : address.toLowerCase(Locale.ROOT).equals("auto") ? "auto" : address;
  }

  /** The worker JVM options Ray's names give, in order: the one-string form, then the list form by index. */
  static List<String> jvmOptions(Properties properties) {
    List<String> options = new ArrayList<>();
    String plain = properties.getProperty(JVM_OPTIONS, "").trim();
    if (!plain.isEmpty()) {
      options.addAll(List.of(plain.split("\\s+")));
    }
    TreeMap<Integer, String> indexed = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      if (key.startsWith(JVM_OPTIONS + ".")) {
        String index = key.substring(JVM_OPTIONS.length() + 1);
        if (!index.matches("\\d+")) {
          throw new IllegalArgumentException("Invalid " + key + ": Ray's list form numbers its items, as "
              + JVM_OPTIONS + ".0, " + JVM_OPTIONS + ".1, ...");
        }
        indexed.put(Integer.parseInt(index), properties.getProperty(key).trim());
      }
    }
    indexed.values().stream().filter(v -> !v.isEmpty()).forEach(options::add);
    return options;
  }

  /** The classpath entries of Ray's code search path: each jar, and each folder with the jars inside it. */
  static List<String> codeSearchPath(String raw) {
    List<String> entries = new ArrayList<>();
    for (String item : raw.split(File.pathSeparator)) {
      if (item.isBlank()) {
        continue;
      }
      Path path = Path.of(item.trim());
      if (!Files.exists(path)) {
        throw new IllegalArgumentException("The folder or jar " + path + " in " + CODE_SEARCH_PATH
            + " does not exist.");
      }
      entries.add(path.toString());
      if (Files.isDirectory(path)) {
        try (Stream<Path> files = Files.list(path)) {
          files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
              .sorted().forEach(f -> entries.add(f.toString()));
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot list " + path + " in " + CODE_SEARCH_PATH + ": " + e.getMessage(), e);
        }
      }
    }
    return entries;
  }

  private static void addToList(Properties properties, String key, String value, String separator) {
    String current = properties.getProperty(key, "").trim();
    properties.setProperty(key, current.isEmpty() ? value : current + separator + value);
  }
}
