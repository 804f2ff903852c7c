package io.jray.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.runtime.files.NotPrivateException;
import io.jray.runtime.process.ProcessRecord;
import io.jray.testing.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code jray stop} trusts in a temp dir: a session folder others can write is refused before anything is
 * signalled, and a node file's shared-memory folder is removed only if jray made it. (The attack by another
 * account is in the CLI's LocalUsersCliTest.)
 */
class NodeStopperTest {

  /** A node file that lists {@code pid} and names {@code shmDir}, as a planted one would. */
  static NodeFile nodeFile(ProcessRecord process, Path shmDir) {
    return new NodeFile("ab", false, "127.0.0.1", "127.0.0.1:1", "/nowhere", shmDir.toString(), Map.of(),
        List.of(new NodeFile.Daemon("RAYLET", process.pid(), process.startTicks(), List.of("sleep"))));
  }

  @Test
  void nodeFileNamingAFolderJrayDidNotMakeDoesNotGetItDeleted() throws Exception {
    Path tempDir = Files.createTempDirectory(TestProcesses.root(), "stop-");
    Path precious = Files.createDirectory(tempDir.resolve("precious"));
    Path session = Files.createDirectory(tempDir.resolve("session_x"));
    // A node whose process is gone: stop only cleans up, and must leave a folder that is no shm folder alone.
    nodeFile(new ProcessRecord(Integer.MAX_VALUE, 1), precious).write(session.resolve("node_ab.json"));
    assertEquals(new NodeStopper.Result(0, 1), NodeStopper.stop(tempDir, true, 0));
    assertTrue(Files.isDirectory(precious));
    assertFalse(Files.exists(session.resolve("node_ab.json")));
  }

  @Test
  void sessionFolderOthersCanWriteIsRefusedAndNothingIsSignalled() throws Exception {
    Path tempDir = Files.createTempDirectory(TestProcesses.root(), "stop-");
    Path session = Files.createDirectory(tempDir.resolve("session_x"));
    Process sleeper = new ProcessBuilder("sleep", "120").start();
    try {
      ProcessRecord victim = ProcessRecord.of(sleeper.pid()).orElseThrow();
      nodeFile(victim, tempDir.resolve("precious")).write(session.resolve("node_ab.json"));
      Files.setPosixFilePermissions(session, PosixFilePermissions.fromString("rwxrwxrwx"));
      NotPrivateException e = assertThrows(NotPrivateException.class, () -> NodeStopper.stop(tempDir, true, 0));
      assertTrue(e.getMessage().startsWith("The session dir " + session + " can be written by other users"),
          e.getMessage());
      assertTrue(victim.isAlive());
    } finally {
      sleeper.destroyForcibly().waitFor();
    }
  }
}
