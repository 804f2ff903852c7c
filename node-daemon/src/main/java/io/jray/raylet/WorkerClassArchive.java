package io.jray.raylet;

import io.jray.runtime.files.PrivateFiles;
import io.jray.runtime.process.JvmFlags;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A class-data archive (AppCDS) for the node's worker JVMs, which roughly halves a worker's start (its ~5,000
 * classes of gRPC, protobuf, Netty and jray are mapped instead of loaded, verified and linked). The archive is made
 * once per JDK and worker classpath, from what a real worker loaded: while there is none, one worker is started
 * with {@code -XX:DumpLoadedClassList}; once it has served a lease (or died) the list is turned into an archive by
 * {@code java -Xshare:dump}, off the raylet's threads, and every worker started afterwards maps it. Workers add
 * their job's jars after the archived classpath, which the JVM allows; a JVM whose jars no longer match the
 * archive ignores it ({@code -Xshare:auto}), so a stale archive costs speed, never correctness.
 *
 * <p>The archive is code the JVM maps, so it lives in a folder private to this user (made 0700, refused if another
 * user could write it), by default {@code ~/.jray/cds}. Thread-safe.
 */
final class WorkerClassArchive {
  private static final Logger LOG = Logger.getLogger(WorkerClassArchive.class.getName());
  private static final long DUMP_TIMEOUT_S = 180;

  private final Path dir;
  private final String classpath;
  private final Path archive;
  private final Path classList;
  private String recordingWorker;
  private boolean dumping;
  /** A dump failed: this raylet does not try again (a JDK that cannot dump would fail every time). */
  private boolean gaveUp;
  private boolean closed;
  /** The {@code java -Xshare:dump} running now, if any: it ends with the raylet. */
  private Process dumpProcess;

  private WorkerClassArchive(Path dir, String classpath) {
    this.dir = dir;
    this.classpath = classpath;
    String key = key(classpath);
    this.archive = dir.resolve("worker-" + key + ".jsa");
    this.classList = dir.resolve("worker-" + key + "-" + ProcessHandle.current().pid() + ".classlist");
  }

  /**
   * The archive of workers started with this classpath, kept in {@code setting} (a folder; empty for
   * {@code ~/.jray/cds}; {@code off} for none): empty when off or when the folder cannot be made private.
   */
  static Optional<WorkerClassArchive> of(String setting, String classpath) {
    Path dir = DriverClassArchive.folder(setting);
    if (dir == null) {
      return Optional.empty();
    }
    String jars = jarPrefix(classpath);
    if (jars.isEmpty()) {
      LOG.info("workers start without a class-data archive: their classpath begins with a folder, and the JVM "
          + "archives classes of jars only");
      return Optional.empty();
    }
    try {
      if (setting.isBlank()) {
        PrivateFiles.ensurePrivateDir(dir.getParent(), "jray's folder", "set worker_class_archive_dir");
      }
      PrivateFiles.ensurePrivateDir(dir, "worker class archive folder", "set worker_class_archive_dir");
    } catch (IOException | RuntimeException e) {
      LOG.warning("workers start without a class-data archive: " + e.getMessage());
      return Optional.empty();
    }
    return Optional.of(new WorkerClassArchive(dir, jars));
  }

  /**
   * The classpath's leading jars, up to the first entry that is not a jar file: what an archive can hold and a
   * worker's classpath (this, then the rest, then its job's jars) still begins with.
   */
  static String jarPrefix(String classpath) {
    List<String> jars = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isBlank() || !entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
        break;
      }
      jars.add(entry);
    }
    return String.join(File.pathSeparator, jars);
  }

  /** The archive's file (it may not exist yet). */
  Path archive() {
    return archive;
  }

  /** The JVM flags of a new worker: map the archive, or record its classes for one, or nothing. */
  synchronized List<String> flagsFor(String workerId) {
    if (Files.isRegularFile(archive)) {
      return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }
    if (recordingWorker == null && !dumping && !gaveUp && !closed) {
      recordingWorker = workerId;
      return List.of("-XX:DumpLoadedClassList=" + classList);
    }
    return List.of();
  }

  /**
   * The worker has served a lease or ended: if it was the one recording, its class list becomes the archive
   * (in the background). A worker that ended before recording anything frees the turn for the next one.
   */
  void served(String workerId) {
    synchronized (this) {
      if (!workerId.equals(recordingWorker) || dumping || closed) {
        return;
      }
      recordingWorker = null;
      dumping = true;
    }
    Thread dump = new Thread(this::dump, "worker-class-archive");
    dump.setDaemon(true);
    dump.start();
  }

  private void dump() {
    Path list = dir.resolve(classList.getFileName() + ".clean");
    Path made = dir.resolve(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    Path output = dir.resolve(archive.getFileName() + "." + ProcessHandle.current().pid() + ".out");
    boolean retry = false;
    try {
      if (!Files.isRegularFile(classList)) {
        retry = true; // the worker died before its JVM wrote anything: the next worker records instead
        return;
      }
      // The last line may be cut short (the worker still runs, or was killed mid-line); lines of hidden and
      // lambda classes ('@') name generated classes a dump cannot find.
      List<String> lines = Files.readAllLines(classList, StandardCharsets.UTF_8);
      List<String> kept = new ArrayList<>(lines.subList(0, Math.max(0, lines.size() - 1)));
      kept.removeIf(line -> line.isBlank() || line.startsWith("@") || line.startsWith("#"));
      Files.write(PrivateFiles.createPrivateFile(list), kept, StandardCharsets.UTF_8);
      if (!dumpInto(list, classpath, made, output, "worker")) {
        return;
      }
      Files.move(made, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      LOG.info("made the worker class archive " + archive + " of " + kept.size() + " classes");
      // Drivers load much of what a worker does (the runtime, gRPC, protobuf, Fory): the same list makes theirs,
      // for the classpath 'jray classpath' prints ('jray classpath --jvm-flags' then names it).
      Optional<String> drivers = io.jray.node.DriverClasspath.ofThisDistribution();
      if (drivers.isPresent() && !Files.isRegularFile(DriverClassArchive.file(dir, drivers.get()))) {
        Path driverArchive = DriverClassArchive.file(dir, drivers.get());
        if (dumpInto(list, drivers.get(), made, output, "driver")) {
          Files.move(made, driverArchive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          LOG.info("made the driver class archive " + driverArchive);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warning("the worker class archive could not be made: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      deleteQuietly(list);
      deleteQuietly(made);
      deleteQuietly(output);
      deleteQuietly(classList);
      synchronized (this) {
        dumpProcess = null;
        dumping = false;
        gaveUp = !retry && !Files.isRegularFile(archive);
      }
    }
  }

  /** Runs {@code java -Xshare:dump} of the class list for the classpath into {@code made}; false if it failed. */
  private boolean dumpInto(Path list, String forClasspath, Path made, Path output, String what)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(JvmFlags.javaCommand());
    command.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + made,
        "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-cp", forClasspath));
    Process process;
    synchronized (this) {
      if (closed) {
        return false;
      }
      Files.deleteIfExists(output);
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(PrivateFiles.createPrivateFile(output).toFile()).start();
      dumpProcess = process;
    }
    if (!process.waitFor(DUMP_TIMEOUT_S, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      LOG.warning("the " + what + " class archive took longer than " + DUMP_TIMEOUT_S + " s to make; " + what
          + "s go on without");
      return false;
    }
    if (process.exitValue() != 0 || !Files.isRegularFile(made)) {
      List<String> said = Files.readAllLines(output, StandardCharsets.ISO_8859_1);
      LOG.warning("the " + what + " class archive could not be made (exit " + process.exitValue() + "); " + what
          + "s go on without: " + String.join(" | ", said.subList(Math.max(0, said.size() - 5), said.size())));
      return false;
    }
    return true;
  }

  /** Ends a dump under way (the raylet stops); no worker records or dumps afterwards. */
  void close() {
    Process running;
    synchronized (this) {
      closed = true;
      recordingWorker = null;
      running = dumpProcess;
    }
    if (running != null) {
      running.destroyForcibly();
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover in our own private folder; the next dump replaces it
    }
  }

  /** JDK and classpath, with each entry's size and modification time: a new jar or JDK means a new archive. */
  static String key(String classpath) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      StringBuilder what = new StringBuilder(System.getProperty("java.home")).append('\n')
          .append(System.getProperty("java.vm.version")).append('\n');
      for (String entry : classpath.split(File.pathSeparator)) {
        Path path = Path.of(entry);
        what.append(entry).append('\n');
        try {
          what.append(Files.size(path)).append(' ').append(Files.getLastModifiedTime(path).toMillis()).append('\n');
        } catch (IOException missing) {
          what.append("missing\n");
        }
      }
      return HexFormat.of().formatHex(digest.digest(what.toString().getBytes(StandardCharsets.UTF_8)), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
