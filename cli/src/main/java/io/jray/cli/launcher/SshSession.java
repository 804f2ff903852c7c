package io.jray.cli.launcher;

import com.jcraft.jsch.Channel;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.ChannelShell;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Session;
import io.jray.cli.CliException;
import io.jray.cli.ExitCodes;
import io.jray.runtime.config.JrayConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * One SSH connection (jsch) to one host of a cluster, opened with the cluster file's {@code auth}: key
 * authentication only, the host key checked against known_hosts. Runs commands (exec), copies files (SFTP) and
 * opens interactive shells. Every failure to connect becomes one sentence that names the host. Used by one thread.
 */
final class SshSession implements AutoCloseable {
  /** How often a waiting command checks whether its channel closed. */
  private static final long CHANNEL_POLL_MS = 10;
  /** Sent when the server is silent this long, so a dead host fails a long command instead of hanging it. */
  private static final int SERVER_ALIVE_INTERVAL_MS = 15_000;

  private final String host;
  private final Session session;
  private final KnownHostsCheck hostKeys;
  private ChannelSftp sftp;
  private String home;
  private volatile String commandPrefix = "";

  /** What a command printed (stdout and stderr together, in order of arrival) and its exit status. */
  record Result(int exitStatus, String output) {
    boolean ok() {
      return exitStatus == 0;
    }

    /** The last lines of the output, for an error report. */
    String tail(int lines) {
      String[] all = output.strip().split("\n");
      return String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }
  }

  private SshSession(String host, Session session, KnownHostsCheck hostKeys) {
    this.host = host;
    this.session = session;
    this.hostKeys = hostKeys;
  }

  /**
   * A session to a host of {@code config}'s cluster: with {@code install: auto}, every command finds the jray that
   * {@code jray up} installed there first on its PATH.
   */
  static SshSession open(String host, ClusterConfig config, boolean acceptNewHostKeys) {
    SshSession ssh = open(host, config.auth(), acceptNewHostKeys);
    if (config.install() == ClusterConfig.Install.AUTO) {
      DistributionInstall.pathPrefixForThisCli().ifPresent(prefix -> ssh.commandPrefix = prefix);
    }
    return ssh;
  }

  static SshSession open(String host, ClusterConfig.Auth auth, boolean acceptNewHostKeys) {
    if (!Files.isRegularFile(auth.sshPrivateKey())) {
      throw new CliException("The SSH private key " + auth.sshPrivateKey() + " (auth.ssh_private_key) does not exist.",
          ExitCodes.USAGE, null);
    }
    JSch jsch = new JSch();
    KnownHostsCheck hostKeys;
    try {
      jsch.addIdentity(auth.sshPrivateKey().toString());
      hostKeys = new KnownHostsCheck(jsch, auth.knownHosts(), acceptNewHostKeys);
    } catch (JSchException e) {
      throw new CliException("Cannot use the SSH private key " + auth.sshPrivateKey() + " (" + e.getMessage()
          + "); it must be an unencrypted OpenSSH or PEM key.", ExitCodes.USAGE, e);
    }
    jsch.setHostKeyRepository(hostKeys);
    Session session;
    try {
      session = jsch.getSession(auth.sshUser(), host, auth.sshPort());
      session.setConfig("StrictHostKeyChecking", "yes");
      session.setConfig("prefer_known_host_key_types", "yes");
      session.setConfig("PreferredAuthentications", "publickey");
      session.setServerAliveInterval(SERVER_ALIVE_INTERVAL_MS);
      session.connect((int) Math.min(Integer.MAX_VALUE, JrayConfig.SSH_CONNECT_TIMEOUT_MS.get()));
    } catch (JSchException e) {
      throw connectFailure(host, auth, hostKeys, e);
    }
    return new SshSession(host, session, hostKeys);
  }

  private static CliException connectFailure(String host, ClusterConfig.Auth auth, KnownHostsCheck hostKeys,
      JSchException e) {
    String at = host + " (port " + auth.sshPort() + ")";
    if (e instanceof JSchUnknownHostKeyException) {
      return new CliException(at + " presented an SSH host key (" + hostKeys.presentedKey() + ") that is not in "
          + hostKeys.file() + "; if it is the right host, run again with --accept-new-host-keys to add it.",
          ExitCodes.FAILED, e);
    }
    if (e instanceof JSchChangedHostKeyException) {
      return new CliException(at + " presented an SSH host key (" + hostKeys.presentedKey() + ") that differs from "
          + "the one in " + hostKeys.file() + ": the host was reinstalled or the connection is intercepted; if you "
          + "trust the new key, remove the old line for " + host + " from that file.", ExitCodes.FAILED, e);
    }
    Throwable cause = e.getCause();
    if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
        || cause instanceof SocketTimeoutException || cause instanceof UnknownHostException) {
      String why = cause instanceof UnknownHostException ? "unknown host name" : cause.getMessage();
      return new CliException("Cannot reach " + at + " over SSH: " + why + ".", ExitCodes.FAILED, e);
    }
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
      return new CliException(at + " refused the SSH key " + auth.sshPrivateKey() + " for user '" + auth.sshUser()
          + "'; check auth.ssh_user, auth.ssh_private_key and the user's authorized_keys there.", ExitCodes.FAILED, e);
    }
    if (message.contains("timeout")) {
      return new CliException("Cannot reach " + at + " over SSH: no answer within "
          + JrayConfig.SSH_CONNECT_TIMEOUT_MS.get() / 1000 + " s.", ExitCodes.FAILED, e);
    }
    return new CliException("SSH to " + at + " failed: " + message + (cause != null ? " (" + cause + ")" : "") + ".",
        ExitCodes.FAILED, e);
  }

  String host() {
    return host;
  }

  /** Whether connecting added the host's key to known_hosts, and which key. */
  String addedHostKey() {
    return hostKeys.added() ? hostKeys.presentedKey() : null;
  }

  /** Runs a command with {@code stdin} as its input and returns what it printed. */
  Result run(String command, byte[] stdin) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int status = exec(command, new ByteArrayInputStream(stdin), output, output);
    return new Result(status, output.toString(StandardCharsets.UTF_8));
  }

  Result run(String command) {
    return run(command, new byte[0]);
  }

  /**
   * Runs a command, streaming its output, and returns its exit status (-1 when the host sent none, e.g. it was
   * killed by a signal). {@code in} reaches the command's stdin; its end is the command's end of input.
   */
  int exec(String command, InputStream in, OutputStream out, OutputStream err) {
    ChannelExec channel = (ChannelExec) openChannel("exec");
    channel.setCommand(commandPrefix + command);
    channel.setInputStream(in, true);
    channel.setOutputStream(out, true);
    channel.setErrStream(err, true);
    return runToEnd(channel);
  }

  /** An interactive shell; with {@code pty}, a terminal of the given type and size. */
  int shell(InputStream in, OutputStream out, String term, int columns, int rows) {
    ChannelShell channel = (ChannelShell) openChannel("shell");
    channel.setPty(term != null);
    if (term != null) {
      channel.setPtyType(term, columns, rows, 0, 0);
    }
    channel.setInputStream(in, true);
    channel.setOutputStream(out, true);
    return runToEnd(channel);
  }

  /** The SFTP channel of this connection, opened on first use. */
  ChannelSftp sftp() {
    if (sftp == null) {
      sftp = (ChannelSftp) openChannel("sftp");
      try {
        sftp.connect((int) Math.min(Integer.MAX_VALUE, JrayConfig.SSH_CONNECT_TIMEOUT_MS.get()));
      } catch (JSchException e) {
        throw new CliException("SFTP to " + host + " failed: " + e.getMessage()
            + "; the host's SSH server must offer the sftp subsystem.", ExitCodes.FAILED, e);
      }
    }
    return sftp;
  }

  /** A remote path as SFTP needs it: {@code ~}, {@code ~/x} and relative paths are under the user's home. */
  String absolute(String remotePath) {
    if (remotePath.startsWith("/")) {
      return remotePath;
    }
    String rest = remotePath.equals("~") ? "" : remotePath.startsWith("~/") ? remotePath.substring(2) : remotePath;
    return rest.isEmpty() ? home() : home() + "/" + rest;
  }

  private String home() {
    if (home == null) {
      Result r = run("printf '%s' \"$HOME\"");
      if (!r.ok() || !r.output().startsWith("/")) {
        throw new CliException("Cannot find the home folder of the SSH user on " + host + " ($HOME is '"
            + r.output().strip() + "').");
      }
      home = r.output();
    }
    return home;
  }

  private Channel openChannel(String type) {
    try {
      return session.openChannel(type);
    } catch (JSchException e) {
      throw new CliException("The SSH connection to " + host + " broke: " + e.getMessage() + ".", ExitCodes.FAILED, e);
    }
  }

  private int runToEnd(Channel channel) {
    try {
      channel.connect((int) Math.min(Integer.MAX_VALUE, JrayConfig.SSH_CONNECT_TIMEOUT_MS.get()));
      while (!channel.isClosed()) {
        Thread.sleep(CHANNEL_POLL_MS);
      }
      return channel.getExitStatus();
    } catch (JSchException e) {
      throw new CliException("The SSH connection to " + host + " broke: " + e.getMessage() + ".", ExitCodes.FAILED, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("Interrupted while running a command on " + host + ".");
    } finally {
      channel.disconnect();
    }
  }

  @Override
  public void close() {
    if (sftp != null) {
      sftp.disconnect();
    }
    session.disconnect();
  }
}
