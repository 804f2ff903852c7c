package io.jray.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jray.runtime.files.NotPrivateException;
import io.jray.runtime.rpc.HostPort;
import io.jray.testing.LocalAccount;
import io.jray.testing.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The address file: where each user's is, and that one another user planted is never believed. */
class ClusterAddressTest {

  @Test
  void defaultTempDirIsOnePerUser() {
    assertEquals(Path.of("/tmp/jray-alice"), ClusterAddress.defaultTempDir("alice", Path.of("/tmp")));
    assertEquals(Path.of("/tmp/jray-a_b"), ClusterAddress.defaultTempDir("a/b", Path.of("/tmp")));
  }

  @Test
  void addressFileIsWrittenPrivateIntoAFolderMade0700() throws Exception {
    Path tempDir = Files.createTempDirectory(TestProcesses.root(), "addr-").resolve("jray-me");
    ClusterAddress.write(tempDir, HostPort.parse("127.0.0.1:6379"));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tempDir)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ClusterAddress.file(tempDir))));
    assertEquals(HostPort.parse("127.0.0.1:6379"), ClusterAddress.read(tempDir).orElseThrow());
  }

  @Test
  void addressFilePlantedInADefaultTempDirAnotherUserMadeIsRefused() {
    assumeTrue(LocalAccount.runningAsRoot(), "needs root to act as a second user");
    try (LocalAccount mallory = LocalAccount.create()) {
      // mallory made "our" temp dir first, world-writable, and points the address file at a listener of theirs.
      Path tempDir = ClusterAddress.defaultTempDir("root", mallory.sharedDir());
      mallory.sh("mkdir -m 0777 " + tempDir + " && printf 127.0.0.1:1 > " + ClusterAddress.file(tempDir));
      NotPrivateException e = assertThrows(NotPrivateException.class, () -> ClusterAddress.resolve("auto", tempDir));
      assertEquals("The temp dir " + tempDir + " is owned by " + mallory.name() + ", not root; remove it or "
          + ClusterAddress.TEMP_DIR_REMEDY + ".", e.getMessage());
      // Nor does a head write into it.
      assertThrows(NotPrivateException.class, () -> ClusterAddress.write(tempDir, HostPort.parse("127.0.0.1:2")));
      assertTrue(Files.exists(ClusterAddress.file(tempDir)));
    }
  }

  @Test
  void addressFileAnotherUserPutInOurFolderIsRefused() throws Exception {
    assumeTrue(LocalAccount.runningAsRoot(), "needs root to act as a second user");
    try (LocalAccount mallory = LocalAccount.create()) {
      Path tempDir = mallory.sharedDir().resolve("ours");
      Files.createDirectory(tempDir);
      Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxrwxrwx"));
      mallory.sh("printf 127.0.0.1:1 > " + ClusterAddress.file(tempDir));
      Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwx------"));
      NotPrivateException e = assertThrows(NotPrivateException.class, () -> ClusterAddress.read(tempDir));
      assertTrue(e.getMessage().startsWith("The address file " + ClusterAddress.file(tempDir) + " is owned by "
          + mallory.name()), e.getMessage());
    }
  }
}
