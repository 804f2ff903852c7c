package io.jray.runtime.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipFile;

/**
 * The class loaders a worker runs one job's code in, so that the job's code sees {@code io.jray.api} and its own jars
 * and nothing else of jray's: a job that ships its own gson, protobuf or guava gets its own version, and jray's CLI,
 * daemons and their libraries are not loadable from a task.
 *
 * <ul>
 *   <li>{@link #user()}: the job's jars, over a gate that lets through only the JDK's platform classes and jray's API
 *       ({@code io.jray.api.*}, and Ray's {@code io.ray.api.*} and {@code io.ray.runtime.*} when the job brought the
 *       Ray drop-in), and the packages of the libraries the job shares with jray at the same version (jars of its
 *       classpath that are byte for byte jray's: one copy of those classes, jray's). The job's own copy of jray's
 *       API, if it has one, is never used: one API class per JVM.
 *   <li>the drop-in loader: the jars of the Ray drop-in runtime (jray-ray-runtime, Ray's ray-api) the job brought,
 *       then the job's other jars (for what Ray's API needs, jaxb and log4j), over jray's own classes, which the
 *       drop-in is built on.
 *   <li>{@link #resolving()}: what the worker resolves names the wire carries with (task functions, actor classes,
 *       serialized values): the job's classes first, then jray's (an actor handle, an error of the runtime).
 * </ul>
 */
public final class JobClassLoaders {
  private static final java.util.concurrent.ConcurrentHashMap<String, java.util.Set<String>> JRAYS_PACKAGES =
      new java.util.concurrent.ConcurrentHashMap<>();
  /** Packages of jray (and of the drop-in) that the job's code may use. */
  private static final List<String> API_PACKAGES = List.of("io.jray.api.");
  private static final List<String> DROPIN_PACKAGES = List.of("io.ray.api.", "io.ray.runtime.");
  /** A classpath entry holding one of these is the Ray drop-in's, loaded over jray's own classes. */
  private static final List<String> DROPIN_MARKERS = List.of("io/jray/dropin/WorkerSetup.class",
      "io/ray/api/Ray.class");

  private final ClassLoader user;
  private final ClassLoader dropin;
  private final ClassLoader resolving;

  private JobClassLoaders(ClassLoader user, ClassLoader dropin, ClassLoader resolving) {
    this.user = user;
    this.dropin = dropin;
    this.resolving = resolving;
  }

  /**
   * The loaders for a job whose code is {@code jobClasspath} (local jars and folders), on a worker whose own classes
   * (jray's runtime and its libraries) are {@code jray}'s.
   */
  public static JobClassLoaders forJob(String jobName, List<Path> jobClasspath, ClassLoader jray) {
    java.util.Set<String> jrayEntries = java.util.Set.of(System.getProperty("java.class.path", "")
        .split(java.io.File.pathSeparator));
    List<URL> dropinEntries = new ArrayList<>();
    List<URL> userEntries = new ArrayList<>();
    java.util.Set<String> sharedPackages = new java.util.HashSet<>();
    for (Path entry : jobClasspath) {
      if (jrayEntries.contains(entry.toString())) {
        // A library the job shares with jray, the same bytes (the node's own copy): one copy of its classes in the
        // JVM, jray's, which the job's code sees through the gate; two would make its values unusable across them.
        sharedPackages.addAll(jraysPackages(entry));
      } else {
        (isDropin(entry) ? dropinEntries : userEntries).add(url(entry));
      }
    }
    // The drop-in's jars come first in its loader; the job's other jars after them hold what Ray's API itself needs
    // (jaxb, log4j), which the drop-in loads for itself: the job's code keeps its own copies in its own loader.
    List<URL> dropinPath = new ArrayList<>(dropinEntries);
    dropinPath.addAll(userEntries);
    ClassLoader dropin = dropinEntries.isEmpty() ? jray
        : new URLClassLoader("jray-dropin-" + jobName, dropinPath.toArray(URL[]::new), jray);
    List<String> visible = new ArrayList<>(API_PACKAGES);
    if (!dropinEntries.isEmpty()) {
      visible.addAll(DROPIN_PACKAGES);
    }
    if (userEntries.isEmpty() && !dropinEntries.isEmpty()) {
      // One jar with the job's code and Ray's API (a shaded Ray application): all of it is the drop-in's, and so is
      // the job's context class loader (its resources and services are in that jar).
      return new JobClassLoaders(dropin, dropin, new Resolving(dropin, dropin));
    }
    ClassLoader user = new URLClassLoader("job-" + jobName, userEntries.toArray(URL[]::new),
        new ApiGate(dropin, visible, sharedPackages));
    return new JobClassLoaders(user, dropin, new Resolving(user, dropin));
  }

  /** The loader of the job's own code (and the context class loader of the threads that run it). */
  public ClassLoader user() {
    return user;
  }

  /** Where the job's worker initializers are looked up: the drop-in's jars over jray's. */
  public ClassLoader initializers() {
    return dropin;
  }

  /** The job's classes first, then jray's: for names that come over the wire. */
  public ClassLoader resolving() {
    return resolving;
  }

  private static boolean isDropin(Path entry) {
    if (Files.isDirectory(entry)) {
      return DROPIN_MARKERS.stream().anyMatch(m -> Files.exists(entry.resolve(m)));
    }
    if (!Files.isRegularFile(entry)) {
      return false;
    }
    try (ZipFile jar = new ZipFile(entry.toFile())) {
      return DROPIN_MARKERS.stream().anyMatch(m -> jar.getEntry(m) != null);
    } catch (IOException notAJar) {
      return false;
    }
  }

  /** The packages (dotted names) a jar or class folder has classes in. */
  /**
   * Lists the packages of this JVM's own classpath entries (jray's jars), which a job sharing a library with jray
   * names: a warm worker does it before a job binds it (listing grpc's and netty's jars took a tenth of a second).
   */
  public static void listJraysPackages() {
    for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
      if (!entry.isBlank()) {
        jraysPackages(Path.of(entry));
      }
    }
  }

  /** {@link #packagesOf} of one of this JVM's classpath entries, listed once per JVM (jray's jars do not change). */
  private static java.util.Set<String> jraysPackages(Path entry) {
    return JRAYS_PACKAGES.computeIfAbsent(entry.toString(), e -> java.util.Set.copyOf(packagesOf(entry)));
  }

  static java.util.Set<String> packagesOf(Path entry) {
    java.util.Set<String> packages = new java.util.HashSet<>();
    try {
      if (Files.isDirectory(entry)) {
        try (java.util.stream.Stream<Path> files = Files.walk(entry)) {
          files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
            Path dir = entry.relativize(f).getParent();
            packages.add(dir == null ? "" : dir.toString().replace(java.io.File.separatorChar, '.'));
          });
        }
      } else {
        try (ZipFile jar = new ZipFile(entry.toFile())) {
          jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class") && n.lastIndexOf('/') > 0)
              .filter(n -> !n.startsWith("META-INF/"))
              .forEach(n -> packages.add(n.substring(0, n.lastIndexOf('/')).replace('/', '.')));
        }
      }
    } catch (IOException | UncheckedIOException unreadable) {
      // no packages: the job's code just does not see this library
    }
    return packages;
  }

  private static URL url(Path entry) {
    try {
      return entry.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JDK's platform classes, and of {@code visibleFrom}'s only the packages named. */
  static final class ApiGate extends ClassLoader {
    static {
      registerAsParallelCapable();
    }

    private final ClassLoader visibleFrom;
    private final List<String> packages;
    private final List<String> resourcePrefixes;
    /** Packages of the libraries the job shares with jray (exact names). */
    private final java.util.Set<String> shared;

    ApiGate(ClassLoader visibleFrom, List<String> packages) {
      this(visibleFrom, packages, java.util.Set.of());
    }

    ApiGate(ClassLoader visibleFrom, List<String> packages, java.util.Set<String> shared) {
      super("jray-api-gate", ClassLoader.getPlatformClassLoader());
      this.visibleFrom = visibleFrom;
      this.packages = List.copyOf(packages);
      this.resourcePrefixes = packages.stream().map(p -> p.replace('.', '/')).toList();
      this.shared = java.util.Set.copyOf(shared);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      for (String p : packages) {
        if (name.startsWith(p)) {
          return visibleFrom.loadClass(name);
        }
      }
      int dot = name.lastIndexOf('.');
      if (dot > 0 && shared.contains(name.substring(0, dot))) {
        return visibleFrom.loadClass(name);
      }
      throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
      return visible(name) ? visibleFrom.getResource(name) : null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
      return visible(name) ? visibleFrom.getResources(name) : Collections.emptyEnumeration();
    }

    private boolean visible(String resource) {
      int slash = resource.lastIndexOf('/');
      return resourcePrefixes.stream().anyMatch(resource::startsWith)
          || (slash > 0 && shared.contains(resource.substring(0, slash).replace('/', '.')));
    }
  }

  /**
   * A name is the job's if its code has it, else jray's (the classes of the runtime values carry); but jray's own
   * names ({@code io.jray.*}) are jray's first: a job that ships jray's classes itself (the one-dependency jar
   * {@code io.jray:jray}) must not turn an actor handle or a runtime error into a second, unusable copy.
   */
  static final class Resolving extends ClassLoader {
    static {
      registerAsParallelCapable();
    }

    private final ClassLoader job;
    private final ClassLoader fallback;

    Resolving(ClassLoader job, ClassLoader fallback) {
      super("jray-job-resolving", job);
      this.job = job;
      this.fallback = fallback;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("io.jray.")) {
        return super.loadClass(name, resolve);
      }
      try {
        return fallback.loadClass(name);
      } catch (ClassNotFoundException notJrays) {
        return job.loadClass(name);
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      return fallback.loadClass(name);
    }

    @Override
    protected URL findResource(String name) {
      return fallback.getResource(name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
      return fallback.getResources(name);
    }
  }
}
