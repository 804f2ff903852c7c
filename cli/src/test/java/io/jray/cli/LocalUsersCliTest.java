package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.Gson;
import io.jray.node.NodeFile;
import io.jray.runtime.process.ProcessRecord;
import io.jray.testing.LocalAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Another local account's attacks through a temp dir it made (issue 15), run through the real {@code jray}
 * command: a planted node file must not make {@code jray stop} signal or delete anything, and a planted
 * address file must not receive the cluster token.
 */
class LocalUsersCliTest {

  @Test
  void stopRefusesATempDirAnotherUserMadeAndSignalsAndDeletesNothing() throws Exception {
    assumeTrue(LocalAccount.runningAsRoot(), "needs root to act as a second user");
    try (CliRun cli = CliRun.sandbox(); LocalAccount mallory = LocalAccount.create()) {
      Path victimDir = Files.createDirectory(cli.dir().resolve("precious"));
      Files.writeString(victimDir.resolve("data"), "keep me");
      Process sleeper = new ProcessBuilder("sleep", "120").start();
      try {
        ProcessRecord victim = ProcessRecord.of(sleeper.pid()).orElseThrow(); // start times are world-readable
        NodeFile planted = new NodeFile("ab", true, "127.0.0.1", "127.0.0.1:1", "/nowhere", victimDir.toString(),
            Map.of(), List.of(new NodeFile.Daemon("RAYLET", victim.pid(), victim.startTicks(), List.of("x"))));
        Path tempDir = mallory.sharedDir().resolve("jray-root");
        Path json = Files.writeString(mallory.sharedDir().resolve("planted.json"), new Gson().toJson(planted));
        Files.setPosixFilePermissions(json, PosixFilePermissions.fromString("rw-r--r--"));
        mallory.sh("mkdir -m 0777 " + tempDir + " " + tempDir + "/session_x && cp " + json + " " + tempDir
            + "/session_x/node_ab.json");

        CliRun.Result r = cli.run("stop", "--temp-dir=" + tempDir, "--force").expectExit(ExitCodes.FAILED);
        assertEquals("The temp dir " + tempDir + " is owned by " + mallory.name() + ", not root; remove it or pass "
            + "--temp-dir (or set JRAY_TMPDIR) to a folder of yours.", r.err().strip(), r::toString);
        assertTrue(victim.isAlive(), "the process the planted node file named is still running");
        assertEquals("keep me", Files.readString(victimDir.resolve("data")));
      } finally {
        sleeper.destroyForcibly().waitFor();
      }
    }
  }

  @Test
  void statusRefusesAnAddressFileInATempDirAnotherUserMade() {
    assumeTrue(LocalAccount.runningAsRoot(), "needs root to act as a second user");
    try (CliRun cli = CliRun.sandbox(); LocalAccount mallory = LocalAccount.create()) {
      Path tempDir = mallory.sharedDir().resolve("jray-root");
      mallory.sh("mkdir -m 0777 " + tempDir + " && printf 127.0.0.1:9 > " + tempDir + "/jray_current_cluster");
      CliRun.Result r = cli.run(Map.of("JRAY_TMPDIR", tempDir.toString()), "status").expectExit(ExitCodes.FAILED);
      assertEquals("The temp dir " + tempDir + " is owned by " + mallory.name() + ", not root; remove it or pass "
          + "--temp-dir (or set JRAY_TMPDIR) to a folder of yours.", r.err().strip(), r::toString);
    }
  }
}
