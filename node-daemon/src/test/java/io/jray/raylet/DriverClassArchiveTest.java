package io.jray.raylet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jray.runtime.files.PrivateFiles;
import io.jray.testing.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What 'jray classpath --jvm-flags' adds for the drivers' class-data archive. */
class DriverClassArchiveTest {
  @Test
  void theArchiveIsNamedOnlyOnceMadeInAPrivateFolderAndForItsOwnClasspath() throws Exception {
    Path dir = PrivateFiles.createPrivateDir(Files.createTempDirectory(TestProcesses.root(), "cds-driver-")
        .resolve("cds"));
    Path jar = Files.write(dir.getParent().resolve("api.jar"), new byte[] {1, 2, 3});
    String classpath = jar.toString();
    assertEquals(List.of(), DriverClassArchive.flags(dir.toString(), classpath), "none made yet");
    Path archive = PrivateFiles.createPrivateFile(DriverClassArchive.file(dir, classpath));
    assertEquals(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"),
        DriverClassArchive.flags(dir.toString(), classpath));
    assertEquals(List.of(), DriverClassArchive.flags("off", classpath), "'off' turns it off");
    Path other = Files.write(dir.getParent().resolve("other.jar"), new byte[] {4});
    assertEquals(List.of(), DriverClassArchive.flags(dir.toString(), other.toString()), "another classpath's");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertEquals(List.of(), DriverClassArchive.flags(dir.toString(), classpath), "a folder others can write");
  }

  @Test
  void aPathWithASpaceGetsNoFlagsSinceTheShellWouldSplitThem() throws Exception {
    Path dir = PrivateFiles.createPrivateDir(Files.createTempDirectory(TestProcesses.root(), "cds driver ")
        .resolve("cds"));
    Path jar = Files.write(dir.getParent().resolve("api.jar"), new byte[] {1, 2, 3});
    PrivateFiles.createPrivateFile(DriverClassArchive.file(dir, jar.toString()));
    assertEquals(List.of(), DriverClassArchive.flags(dir.toString(), jar.toString()));
  }
}
