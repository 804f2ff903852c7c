package io.jray.objectstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jray.runtime.files.NotPrivateException;
import io.jray.testing.LocalAccount;
import io.jray.testing.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The node's shared-memory folder: made new and private, never adopted, and removed only if jray made it. */
class SharedMemoryDirTest {
  private static final String NAME = "jray-session_2026-01-01_00-00-00_000000_42-0123abcd";

  @Test
  void folderIsCreated0700() throws Exception {
    Path root = Files.createTempDirectory(TestProcesses.root(), "shm-");
    SharedMemoryDir shm = SharedMemoryDir.create(root.resolve(NAME));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(shm.path())));
  }

  @Test
  void folderSquattedInDevShmIsRefused() {
    assumeTrue(LocalAccount.runningAsRoot(), "needs root to act as a second user");
    Path squatted = Path.of("/dev/shm", "jray-session_squat" + ProcessHandle.current().pid() + "-0123abcd");
    try (LocalAccount mallory = LocalAccount.create()) {
      mallory.sh("mkdir -m 0777 " + squatted); // the name was visible in ps before the store started
      NotPrivateException e = assertThrows(NotPrivateException.class, () -> SharedMemoryDir.create(squatted));
      assertEquals("The shared-memory folder " + squatted + " already exists (owned by " + mallory.name()
          + ") and a node never uses a folder it did not create; remove it, then start the node again.",
          e.getMessage());
    } finally {
      SharedMemoryDir.deleteTree(squatted);
    }
  }

  @Test
  void onlyFoldersJrayMadeForThisUserAreDeleted() throws Exception {
    Path root = Files.createTempDirectory(TestProcesses.root(), "shm-");
    Path elsewhere = Files.createDirectory(Files.createTempDirectory(TestProcesses.root(), "home-").resolve(NAME));
    assertFalse(SharedMemoryDir.deleteIfOurs(elsewhere, root), "not under the shm root");
    Path misnamed = Files.createDirectory(root.resolve("precious"));
    assertFalse(SharedMemoryDir.deleteIfOurs(misnamed, root), "not named as jray names them");
    Path link = Files.createSymbolicLink(root.resolve(NAME.replace("0123abcd", "0123abce")), misnamed);
    assertFalse(SharedMemoryDir.deleteIfOurs(link, root), "a link");
    assertTrue(Files.exists(elsewhere) && Files.exists(misnamed) && Files.exists(link));
    Path ours = SharedMemoryDir.create(root.resolve(NAME)).path();
    Files.writeString(ours.resolve("arena"), "x");
    assertTrue(SharedMemoryDir.deleteIfOurs(ours, root));
    assertFalse(Files.exists(ours));
  }

  @Test
  void folderAnotherUserMadeIsNotDeleted() {
    assumeTrue(LocalAccount.runningAsRoot(), "needs root to act as a second user");
    try (LocalAccount mallory = LocalAccount.create()) {
      Path root = mallory.sharedDir();
      Path theirs = root.resolve(NAME);
      mallory.sh("mkdir " + theirs);
      assertFalse(SharedMemoryDir.deleteIfOurs(theirs, root));
      assertTrue(Files.isDirectory(theirs));
    }
  }
}
