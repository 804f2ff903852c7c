package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.testing.TestProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code jray rsync-down} from a host that lies: a listing with a name that climbs out of the destination, and a
 * link out of the source folder, are each refused with one sentence and nothing of that folder lands here; links
 * that stay inside the source (one back to the folder itself) are still copied. One embedded SSH server, no cluster.
 */
class CliRsyncDownTest {
  private static final String HOST = "127.0.0.6";
  /** The host reports this file under a name that would land outside the destination. */
  private static final String RENAMED = "innocent.txt";
  private static final String CLIMBING = "../escaped.txt";

  private static CliRun cli;
  private static SshHosts hosts;
  private static Path work;
  private static Map<String, String> env;
  private static String clusterFile;

  @BeforeAll
  static void startHost() throws IOException {
    cli = CliRun.sandbox();
    hosts = SshHosts.start(cli, new SftpFileSystemAccessor() {
      @Override
      public void putRemoteFileName(SftpSubsystemProxy subsystem, Path path, Buffer buffer, String name,
          boolean shortName) throws IOException {
        SftpFileSystemAccessor.super.putRemoteFileName(subsystem, path, buffer, name.replace(RENAMED, CLIMBING),
            shortName);
      }
    }, HOST);
    work = Files.createTempDirectory(TestProcesses.root(), "rsync-down-");
    env = Map.of("JRAY_CLUSTERS_DIR", work.resolve("clusters").toString());
    clusterFile = Files.writeString(work.resolve("cluster.yaml"), "cluster_name: rsync\n"
        + "provider: {type: local, head_ip: " + HOST + "}\n" + hosts.authYaml()).toString();
  }

  @AfterAll
  static void stopHost() {
    try {
      if (hosts != null) {
        hosts.close();
      }
    } finally {
      if (cli != null) {
        cli.close();
      }
    }
  }

  private static CliRun.Result rsyncDown(String source, Path target) {
    return cli.run(env, "rsync-down", clusterFile, source, target.toString(), "--accept-new-host-keys");
  }

  @Test
  void aListedNameThatClimbsOutOfTheDestinationIsRefused() throws IOException {
    Path folder = Files.createDirectories(hosts.host(HOST).home().resolve("names"));
    Files.writeString(folder.resolve("a.txt"), "alpha");
    Files.writeString(folder.resolve(RENAMED), "lands outside");
    Path back = work.resolve("names-back");
    CliRun.Result run = rsyncDown("names", back).expectExit(1);
    assertEquals(HOST + " listed an entry named '" + CLIMBING + "' in " + folder.toRealPath() + ", which is not a"
        + " plain file name, so nothing of that folder was copied; check the host.", run.err().strip(), run.toString());
    assertFalse(Files.exists(work.resolve("escaped.txt")), "nothing was written outside the destination");
    assertFalse(Files.exists(back.resolve("a.txt")), "nothing of the folder was copied");
  }

  @Test
  void aLinkOutOfTheSourceFolderIsRefused() throws IOException {
    Path secret = Files.writeString(hosts.host(HOST).root().resolve("secret.txt"), "not part of the source");
    Path folder = Files.createDirectories(hosts.host(HOST).home().resolve("links"));
    Files.writeString(folder.resolve("ok.txt"), "ok");
    Files.createSymbolicLink(folder.resolve("leak"), secret);
    Path back = work.resolve("links-back");
    CliRun.Result run = rsyncDown("links", back).expectExit(1);
    assertEquals(1, run.err().strip().lines().count(), run.toString());
    assertTrue(run.err().contains(folder.toRealPath().resolve("leak") + " is a link to " + secret + ", outside the"
        + " folder " + folder.toRealPath()), run.toString());
    assertFalse(Files.exists(back.resolve("leak")), "the link's target was not copied");
    assertFalse(Files.exists(back.resolve("ok.txt")), "nothing of the folder was copied");
  }

  @Test
  void linksInsideTheSourceAreStillCopiedAndALoopEnds() throws IOException {
    Path folder = Files.createDirectories(hosts.host(HOST).home().resolve("fine"));
    Files.writeString(folder.resolve("ok.txt"), "ok");
    Files.createSymbolicLink(folder.resolve("inner"), Path.of("ok.txt"));
    Files.createSymbolicLink(folder.resolve("loop"), Path.of("."));
    Path back = work.resolve("fine-back");
    rsyncDown("fine", back).expectExit(0);
    assertEquals("ok", Files.readString(back.resolve("inner")));
    assertEquals("ok", Files.readString(back.resolve("ok.txt")));
  }
}
