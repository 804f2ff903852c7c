package io.jray.runtime.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jray.testing.LocalAccount;
import io.jray.testing.TestProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The ownership and mode checks every state folder and file of jray goes through, and how state is written. */
class PrivateFilesTest {
  private static final String OTHERWISE = "pass --temp-dir=<a folder of yours>";

  @Test
  void missingFolderIsCreated0700() throws Exception {
    Path dir = Files.createTempDirectory(TestProcesses.root(), "pf-").resolve("a/b");
    PrivateFiles.ensurePrivateDir(dir, "temp dir", OTHERWISE);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
  }

  @Test
  void ownFolderReadableByOthersIsAcceptedButOneOthersCanWriteIsRefused() throws Exception {
    Path dir = Files.createTempDirectory(TestProcesses.root(), "pf-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // a build folder, umask 022
    PrivateFiles.ensurePrivateDir(dir, "temp dir", OTHERWISE);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    NotPrivateException e = assertThrows(NotPrivateException.class,
        () -> PrivateFiles.ensurePrivateDir(dir, "temp dir", OTHERWISE));
    assertEquals("The temp dir " + dir + " can be written by other users (rwxrwxrwx); run 'chmod go-w " + dir
        + "', remove it or " + OTHERWISE + ".", e.getMessage());
  }

  @Test
  void folderAnotherUserMadeIsRefusedNamingItAndItsOwner() {
    assumeTrue(LocalAccount.runningAsRoot(), "needs root to act as a second user");
    try (LocalAccount mallory = LocalAccount.create()) {
      Path dir = mallory.sharedDir().resolve("jray-root");
      mallory.sh("mkdir -m 0755 " + dir); // not even writable by us: ownership alone decides
      NotPrivateException e = assertThrows(NotPrivateException.class,
          () -> PrivateFiles.ensurePrivateDir(dir, "temp dir", OTHERWISE));
      assertEquals("The temp dir " + dir + " is owned by " + mallory.name() + ", not root; remove it or "
          + OTHERWISE + ".", e.getMessage());
      Path link = mallory.sharedDir().resolve("link");
      mallory.sh("ln -s " + TestProcesses.root() + " " + link); // a link of theirs to a folder of ours
      assertThrows(NotPrivateException.class, () -> PrivateFiles.checkDir(link, "temp dir", OTHERWISE));
    }
  }

  @Test
  void stateFileWriteReplacesAPlantedSymlinkInsteadOfWritingThroughIt() throws Exception {
    Path dir = Files.createTempDirectory(TestProcesses.root(), "pf-");
    Path victim = Files.writeString(dir.resolve("victim"), "precious");
    Path file = dir.resolve("jray_current_cluster");
    // The names the old code wrote through: the fixed "<name>.tmp" and the target itself.
    Files.createSymbolicLink(dir.resolve("jray_current_cluster.tmp"), victim);
    Files.createSymbolicLink(file, victim);
    PrivateFiles.writeAtomically(file, "127.0.0.1:6379".getBytes(StandardCharsets.UTF_8));
    assertEquals("precious", Files.readString(victim));
    assertFalse(Files.isSymbolicLink(file));
    assertEquals("127.0.0.1:6379", Files.readString(file));
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)));
  }

  @Test
  void createAtomicallyNeverReplacesAnExistingFile() throws Exception {
    Path dir = Files.createTempDirectory(TestProcesses.root(), "pf-");
    Path file = Files.writeString(dir.resolve("token"), "first");
    assertThrows(FileAlreadyExistsException.class,
        () -> PrivateFiles.createAtomically(file, "second".getBytes(StandardCharsets.UTF_8)));
    assertEquals("first", Files.readString(file));
    try (var left = Files.list(dir)) {
      assertEquals(1, left.count(), "no temp file left behind");
    }
    assertTrue(Files.isRegularFile(file));
  }
}
