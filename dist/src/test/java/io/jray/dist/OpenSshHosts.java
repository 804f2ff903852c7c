package io.jray.dist;

import io.jray.testing.Await;
import io.jray.testing.HostProcess;
import io.jray.testing.NetnsHosts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Machines reached over Debian's OpenSSH server (root only): {@link NetnsHosts} hosts, each running its own
 * {@code sshd} on port 22 of its address (key authentication only, SFTP by {@code internal-sftp}), with its own
 * home folder bound over {@code /root} in its mount namespace, so each SSH login lands in a home of its own (its
 * {@code ~/.jray}, token and installed jray) beside its own /tmp and /dev/shm. The client key is made here; the
 * hosts' keys are new for every run, so the launcher is run with {@code --accept-new-host-keys} against an empty
 * {@link #knownHosts()}. Closing this closes the hosts, which kills every process in them, sshd included.
 */
final class OpenSshHosts implements AutoCloseable {
  private static final Duration SSHD_READY = Duration.ofSeconds(30);
  private static final Duration COMMAND = Duration.ofSeconds(60);
  static final String SSHD = "/usr/sbin/sshd";

  private final NetnsHosts hosts;
  private final Path clientDir;
  private final List<HostProcess> servers = new ArrayList<>();

  private OpenSshHosts(NetnsHosts hosts, Path clientDir) {
    this.hosts = hosts;
    this.clientDir = clientDir;
  }

  /** Hosts named {@code names}, each with sshd serving; fails naming the package when a command is missing. */
  static OpenSshHosts create(Path clientDir, String... names) throws IOException {
    for (String command : List.of(SSHD, "/usr/bin/ssh-keygen")) {
      if (!Files.isExecutable(Path.of(command))) {
        throw new AssertionError(command + " is missing: install Debian's openssh-server (apt-get install "
            + "openssh-server), as .ci/run does");
      }
    }
    Files.createDirectories(clientDir);
    keygen("ecdsa", clientDir.resolve("id_ecdsa"));
    Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation folder
    NetnsHosts made = NetnsHosts.create(names);
    OpenSshHosts ssh = new OpenSshHosts(made, clientDir);
    try {
      for (NetnsHosts.Host host : made.hosts()) {
        ssh.serve(host);
      }
      for (NetnsHosts.Host host : made.hosts()) {
        Await.until("sshd answers on " + host.ip() + ":22", SSHD_READY, () -> reachable(host.ip()));
      }
      return ssh;
    } catch (IOException | RuntimeException | AssertionError e) {
      ssh.close();
      throw e;
    }
  }

  NetnsHosts.Host host(String name) {
    return hosts.host(name);
  }

  List<NetnsHosts.Host> hosts() {
    return hosts.hosts();
  }

  Path privateKey() {
    return clientDir.resolve("id_ecdsa");
  }

  Path knownHosts() {
    return clientDir.resolve("known_hosts");
  }

  /** The pids in a host besides its sshd: what jray (and anything else) left running there. */
  List<Long> leftRunning(NetnsHosts.Host host) {
    List<Long> sshd = servers.stream().map(HostProcess::pid).toList();
    return host.processes().stream().filter(pid -> !sshd.contains(pid) && !isSshd(pid)).toList();
  }

  private void serve(NetnsHosts.Host host) throws IOException {
    Path dir = Files.createDirectories(host.dir().resolve("ssh"));
    Path hostKey = dir.resolve("ssh_host_ecdsa_key");
    keygen("ecdsa", hostKey);
    Files.copy(clientDir.resolve("id_ecdsa.pub"), dir.resolve("authorized_keys"));
    Path config = dir.resolve("sshd_config");
    Files.writeString(config, String.join("\n",
        "ListenAddress " + host.ip() + ":22",
        "HostKey " + hostKey,
        "PidFile none",
        "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
        "PermitRootLogin prohibit-password",
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        "StrictModes no", // the test folders are not root's own 0700 home
        "Subsystem sftp internal-sftp",
        "LogLevel VERBOSE",
        ""));
    // Its own home at /root, where an SSH login of root lands (the home of the passwd entry).
    host.run(COMMAND, Map.of(), List.of("mount", "--bind", host.home().toString(), "/root")).expectSuccess();
    servers.add(host.spawn("sshd", Map.of(), List.of(SSHD, "-D", "-e", "-f", config.toString())));
  }

  private static boolean reachable(String ip) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(ip, 22), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isSshd(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().command()).map(c -> c.equals(SSHD)).orElse(false);
  }

  private static void keygen(String type, Path file) throws IOException {
    Process p = new ProcessBuilder("/usr/bin/ssh-keygen", "-q", "-t", type, "-b", "256", "-m", "PEM", "-N", "",
        "-C", "jray-test", "-f", file.toString()).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("ssh-keygen failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted", e));
    }
  }

  @Override
  public void close() {
    hosts.close();
  }
}
