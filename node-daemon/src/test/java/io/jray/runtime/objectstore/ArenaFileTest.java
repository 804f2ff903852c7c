package io.jray.runtime.objectstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jray.runtime.files.NotPrivateException;
import io.jray.testing.LocalAccount;
import io.jray.testing.TestProcesses;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** A client maps an arena only if it and its folder are this user's and private. */
class ArenaFileTest {

  @Test
  void ownPrivateArenaOpensButOneOthersCanReadIsRefused() throws Exception {
    Path dir = Files.createTempDirectory(TestProcesses.root(), "shm-");
    Path arena = Files.createFile(dir.resolve("arena"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(arena, new byte[4096]);
    try (FileChannel channel = ArenaFile.open(arena)) {
      assertEquals(4096, channel.size());
    }
    Files.setPosixFilePermissions(arena, PosixFilePermissions.fromString("rw-r--r--"));
    NotPrivateException e = assertThrows(NotPrivateException.class, () -> ArenaFile.open(arena));
    assertTrue(e.getMessage().startsWith("The object store arena " + arena + " can be read by other users"),
        e.getMessage());
  }

  @Test
  void arenaInAFolderAnotherUserSquattedIsRefused() {
    assumeTrue(LocalAccount.runningAsRoot(), "needs root to act as a second user");
    try (LocalAccount mallory = LocalAccount.create()) {
      Path dir = mallory.sharedDir().resolve("jray-session_x-0123abcd");
      mallory.sh("mkdir -m 0777 " + dir + " && head -c 4096 /dev/zero > " + dir + "/arena && chmod 600 " + dir
          + "/arena");
      NotPrivateException e = assertThrows(NotPrivateException.class, () -> ArenaFile.open(dir.resolve("arena")));
      assertTrue(e.getMessage().contains("is owned by " + mallory.name()), e.getMessage());
    }
  }
}
