package io.jray.cli.launcher;

import io.jray.cli.CliException;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jray submit --cluster cluster.yaml app.jar}: as Ray's {@code ray submit}, the jar goes to the head over
 * SFTP (skipped when the same file is there) and {@code jray submit} runs there, so only SSH needs to reach the
 * cluster. Its output streams here and its exit status is this command's.
 */
public final class ClusterSubmit {
  /** Where jars go on the head, under the SSH user's home. */
  static final String JOBS_FOLDER = ".jray/jobs";

  private ClusterSubmit() {}

  /**
   * @param options the options of the remote {@code jray submit} (--main-class=..., --no-wait, ...)
   * @param args the arguments of the main class
   */
  public static int submit(Path clusterFile, boolean acceptNewHostKeys, Path jar, List<String> options,
      List<String> args, PrintWriter progress) {
    ClusterConfig config = ClusterConfigLoader.load(clusterFile);
    ClusterState.Head head = ClusterState.load(config).head();
    if (head == null) {
      throw new CliException("Cluster '" + config.clusterName() + "' is not up (nothing is recorded in "
          + ClusterState.directory() + "); start it with 'jray up " + clusterFile + "'.");
    }
    try (SshSession ssh = SshSession.open(head.host(), config, acceptNewHostKeys)) {
      String remoteJar = JOBS_FOLDER + "/" + jar.getFileName();
      FileSync.Counts copied = FileSync.upload(ssh, jar, remoteJar);
      progress.println("Copied " + jar.getFileName() + " to " + head.host() + ":~/" + remoteJar
          + (copied.copied() == 0 ? " (already there)." : "."));
      progress.flush();
      List<String> command = new ArrayList<>(List.of("jray", "submit", "--address=" + head.address()));
      command.addAll(options);
      command.add(ssh.absolute(remoteJar));
      if (!args.isEmpty()) {
        command.add("--");
        command.addAll(args);
      }
      int status = ssh.exec(RemoteCommands.exports(RemoteCommands.clusterEnvironment()) + RemoteCommands.quoteAll(command), new ByteArrayInputStream(new byte[0]), System.out,
          System.err);
      System.out.flush();
      return ExecCommand.exitCode(status);
    }
  }
}
