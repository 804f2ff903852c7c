package io.jray.raylet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.runtime.files.PrivateFiles;
import io.jray.runtime.process.JvmFlags;
import io.jray.testing.Await;
import io.jray.testing.TestProcesses;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;

/** Workers' class-data archive: made once from a real worker's classes, then mapped by every new worker. */
class WorkerClassArchiveTest {
  @Test
  void aNewJarOrJdkMeansANewArchive() throws Exception {
    Path dir = Files.createTempDirectory(TestProcesses.root(), "cds-key-");
    Path jar = Files.write(dir.resolve("a.jar"), new byte[] {1, 2, 3});
    String before = WorkerClassArchive.key(jar.toString());
    assertEquals(before, WorkerClassArchive.key(jar.toString()), "the same jars give the same archive");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000));
    assertNotEquals(before, WorkerClassArchive.key(jar.toString()), "a jar that changed gives another");
    assertTrue(WorkerClassArchive.of("off", jar.toString()).isEmpty(), "'off' turns it off");
  }

  @Test
  void theArchiveIsRefusedInAFolderOthersCanWrite() throws Exception {
    Path open = Files.createTempDirectory(TestProcesses.root(), "cds-open-");
    Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    Path jar = Files.write(Files.createTempDirectory(TestProcesses.root(), "cds-jar-").resolve("a.jar"), new byte[] {1});
    assertTrue(WorkerClassArchive.of(open.resolve("private").toString(), jar.toString()).isPresent(),
        "a folder of its own inside is fine");
    assertTrue(WorkerClassArchive.of(open.toString(), jar.toString()).isEmpty(), "a JVM would map code others wrote");
  }

  /** A stand-in worker: loads a few classes of its own jar and of the JDK, then ends. */
  public static final class Probe {
    public static void main(String[] args) {
      System.out.println(new java.util.TreeMap<>(java.util.Map.of("probe", Probe.class.getName())));
    }
  }

  @Test
  void aClasspathThatBeginsWithAFolderGetsNoArchive() throws Exception {
    Path dir = Files.createTempDirectory(TestProcesses.root(), "cds-prefix-");
    Path jar = Files.write(dir.resolve("a.jar"), new byte[] {1});
    String classpath = String.join(java.io.File.pathSeparator, jar.toString(), dir.toString(), jar.toString());
    assertEquals(jar.toString(), WorkerClassArchive.jarPrefix(classpath), "the jars before the first folder");
    assertTrue(WorkerClassArchive.of(dir.resolve("archives").toString(), dir + java.io.File.pathSeparator + jar)
        .isEmpty(), "nothing to archive");
  }

  @Test
  void aRecordingWorkersClassesBecomeTheArchiveThatLaterWorkersMap() throws Exception {
    Path root = Files.createTempDirectory(TestProcesses.root(), "cds-");
    Path jar = root.resolve("probe.jar");
    String entry = Probe.class.getName().replace('.', '/') + ".class";
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        InputStream bytes = Probe.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      bytes.transferTo(out);
      out.closeEntry();
    }
    Path dir = root.resolve("archives");
    WorkerClassArchive archive = WorkerClassArchive.of(dir.toString(), jar.toString()).orElseThrow();
    assertEquals(PrivateFiles.DIR_MODE, Files.getPosixFilePermissions(dir), "the archive's folder is private");

    List<String> recording = archive.flagsFor("w1");
    assertTrue(recording.size() == 1 && recording.get(0).startsWith("-XX:DumpLoadedClassList="), recording.toString());
    assertEquals(List.of(), archive.flagsFor("w2"), "one worker records at a time");
    assertTrue(run(recording, jar, false).contains("probe="), "the recording worker ran");
    archive.served("w2"); // not the recording one: nothing happens
    archive.served("w1");
    Await.until("the archive is made", Duration.ofSeconds(150), () -> Files.isRegularFile(archive.archive()));

    List<String> mapping = archive.flagsFor("w3");
    assertTrue(mapping.contains("-XX:SharedArchiveFile=" + archive.archive()), mapping.toString());
    // -Xshare:on fails outright if the archive cannot be used with this classpath; the class log says where the
    // worker's own class came from. A job's jars come after the archived ones, as on a real worker.
    String log = run(mapping, jar, true);
    assertTrue(log.contains(Probe.class.getName() + " source: shared objects file"),
        log.lines().filter(l -> l.contains("Probe")).toList().toString());
    try (var left = Files.list(dir)) {
      assertEquals(List.of(archive.archive()), left.toList(), "only the archive is left in its folder");
    }
  }

  /** Runs the probe as a worker would be started: these flags, the archived jar, then a job's folder. */
  private static String run(List<String> flags, Path jar, boolean sharedOnly) throws Exception {
    List<String> command = new ArrayList<>(JvmFlags.javaCommand());
    command.addAll(flags);
    if (sharedOnly) {
      command.addAll(List.of("-Xshare:on", "-Xlog:class+load=info"));
    }
    command.addAll(List.of("-cp", jar + java.io.File.pathSeparator + jar.getParent().resolve("job"),
        Probe.class.getName()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    process.getInputStream().transferTo(out);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), out.toString());
    return out.toString();
  }

}
