package io.jray.cli;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import io.jray.testing.TestProcesses;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * Machines for the SSH launcher's tests: one embedded Apache MINA SSH server per loopback address (127.0.0.2,
 * 127.0.0.3, ...: all of 127.0.0.0/8 is this machine), all on one random port so that one cluster file's
 * {@code ssh_port} reaches each. Key authentication only (a key pair made per instance), SFTP, and commands and
 * shells run as local processes ({@code /bin/sh -c}) in an environment of the host's own: its HOME, JRAY_TMPDIR,
 * TMPDIR and token file, and a {@code jray} on the PATH that runs this build's CLI. So each address behaves as a
 * separate machine. A host's folder is a node dir of the {@link CliRun} sandbox, which therefore stops whatever
 * jray left running there. {@link #close()} stops the servers and kills, by pid, every command process they
 * started that still runs. Used from the test's thread; the servers' own threads run the commands.
 */
final class SshHosts implements AutoCloseable {
  private static final int PORT_ATTEMPTS = 20;

  /** One machine: its address and its folders. */
  record Host(String ip, Path root, Path home, Path tokenFile) {}

  private final Path clientDir;
  private final Path privateKey;
  private final Path knownHosts;
  private final Map<String, Host> hosts = new LinkedHashMap<>();
  private final List<SshServer> servers = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private int port;
  /** How the servers' SFTP reads the host's files: the plain file system unless a test plays a malicious host. */
  private SftpFileSystemAccessor sftpFiles = SftpFileSystemAccessor.DEFAULT;
  /** Hosts whose PATH is given (no jray command on it). */
  private Map<String, String> paths = Map.of();

  private SshHosts(Path clientDir) {
    this.clientDir = clientDir;
    this.privateKey = clientDir.resolve("id_ecdsa");
    this.knownHosts = clientDir.resolve("known_hosts");
  }

  /** Starts one SSH server per address; each host's folders are node dirs of {@code cli}. */
  static SshHosts start(CliRun cli, String... ips) throws IOException {
    return start(cli, SftpFileSystemAccessor.DEFAULT, ips);
  }

  /** As {@link #start(CliRun, String...)}, with SFTP going through {@code sftpFiles} (what the hosts report). */
  static SshHosts start(CliRun cli, SftpFileSystemAccessor sftpFiles, String... ips) throws IOException {
    return start(cli, sftpFiles, Map.of(), ips);
  }

  /**
   * As {@link #start(CliRun, String...)}, but the hosts {@code paths} names get that PATH instead of one whose
   * first folder holds a {@code jray} (machines where jray is not installed, or Java is missing).
   */
  static SshHosts startWithPaths(CliRun cli, Map<String, String> paths, String... ips) throws IOException {
    return start(cli, SftpFileSystemAccessor.DEFAULT, paths, ips);
  }

  private static SshHosts start(CliRun cli, SftpFileSystemAccessor sftpFiles, Map<String, String> paths, String... ips)
      throws IOException {
    SshHosts hosts = new SshHosts(Files.createTempDirectory(TestProcesses.root(), "ssh-client-"));
    hosts.sftpFiles = sftpFiles;
    hosts.paths = Map.copyOf(paths);
    try {
      hosts.makeClientKey();
      Path bin = hosts.writeJrayCommand();
      for (String ip : ips) {
        Path root = cli.nodeDir("host-" + ip);
        Path home = Files.createDirectories(root.resolve("home"));
        Files.createDirectories(root.resolve("tmp"));
        hosts.hosts.put(ip, new Host(ip, root, home, home.resolve(".jray").resolve("auth_token")));
      }
      hosts.startServers(bin);
      return hosts;
    } catch (IOException | RuntimeException e) {
      hosts.close();
      throw e;
    }
  }

  Host host(String ip) {
    return hosts.get(ip);
  }

  int port() {
    return port;
  }

  Path privateKey() {
    return privateKey;
  }

  Path knownHosts() {
    return knownHosts;
  }

  /** The {@code auth:} section of a cluster file for these hosts. */
  String authYaml() {
    return "auth:\n  ssh_user: " + System.getProperty("user.name") + "\n  ssh_private_key: " + privateKey
        + "\n  ssh_port: " + port + "\n  known_hosts: " + knownHosts + "\n";
  }

  private void makeClientKey() throws IOException {
    try {
      KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ECDSA, 256);
      pair.writePrivateKey(privateKey.toString());
      pair.writePublicKey(clientDir.resolve("authorized_keys").toString(), "jray-test");
      pair.dispose();
      Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
    } catch (JSchException e) {
      throw new IOException(e);
    }
  }

  /** bin/jray: runs this build's CLI the way CliRun does. */
  private Path writeJrayCommand() throws IOException {
    Path bin = Files.createDirectories(clientDir.resolve("bin"));
    writeJrayCommand(bin.resolve("jray"));
    return bin;
  }

  /** Writes an executable {@code jray} script at {@code file} that runs this build's CLI the way CliRun does. */
  static void writeJrayCommand(Path file) throws IOException {
    String java = CliRun.command().stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    Files.writeString(file, "#!/bin/sh\nexec " + java + " \"$@\"\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private void startServers(Path bin) throws IOException {
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      port = freePort(hosts.keySet().iterator().next());
      try {
        for (Host host : hosts.values()) {
          Map<String, String> env = environment(host, bin);
          if (paths.containsKey(host.ip())) {
            env.put("PATH", paths.get(host.ip()));
          }
          servers.add(server(host, env));
        }
        return;
      } catch (BindException taken) {
        stopServers(); // another process had the port on one of the addresses: try another
      }
    }
    throw new IOException("no port was free on all of " + hosts.keySet() + " in " + PORT_ATTEMPTS + " tries");
  }

  private SshServer server(Host host, Map<String, String> env) throws IOException {
    SshServer sshd = SshServer.setUpDefaultServer();
    sshd.setHost(host.ip());
    sshd.setPort(port);
    sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(host.root().resolve("ssh_host_key")));
    sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(clientDir.resolve("authorized_keys")));
    sshd.setPasswordAuthenticator(null);
    sshd.setKeyboardInteractiveAuthenticator(null);
    sshd.setCommandFactory((channel, command) -> new HostProcess(List.of("/bin/sh", "-c", command), host, env));
    sshd.setShellFactory(channel -> new HostProcess(List.of("/bin/sh"), host, env));
    SftpSubsystemFactory sftp = new SftpSubsystemFactory();
    sftp.setFileSystemAccessor(sftpFiles);
    sshd.setSubsystemFactories(List.of(sftp));
    sshd.start();
    return sshd;
  }

  /** The host's environment: this JVM's, less any jray setting, plus the host's own folders and token file. */
  private static Map<String, String> environment(Host host, Path bin) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.keySet().removeIf(k -> k.startsWith("JRAY_") || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
    env.put("HOME", host.home().toString());
    env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("JRAY_TMPDIR", host.root().toString());
    env.put("JRAY_AUTH_TOKEN_FILE", host.tokenFile().toString());
    env.put("TMPDIR", host.root().resolve("tmp").toString());
    return env;
  }

  private static int freePort(String ip) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(ip), 0));
      return socket.getLocalPort();
    }
  }

  private void stopServers() {
    for (SshServer server : servers) {
      try {
        server.stop(true);
      } catch (IOException e) {
        // closing anyway
      }
    }
    servers.clear();
  }

  @Override
  public void close() {
    stopServers();
    synchronized (processes) {
      for (Process p : processes) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
    try (var paths = Files.walk(clientDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // only tidiness
    }
  }

  /**
   * A command or shell of one SSH channel: a local process in the host's folder and environment, its stdin, stdout
   * and stderr pumped to and from the channel. As OpenSSH does, the exit status is sent once the process has ended
   * and its output has reached its end, so a daemon that kept the channel's stdout would hold the command open.
   */
  private final class HostProcess implements Command {
    private final List<String> argv;
    private final Host host;
    private final Map<String, String> env;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private Process process;

    HostProcess(List<String> argv, Host host, Map<String, String> env) {
      this.argv = argv;
      this.host = host;
      this.env = env;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
      this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment environment) throws IOException {
      ProcessBuilder builder = new ProcessBuilder(argv).directory(host.home().toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      process = builder.start();
      synchronized (processes) {
        processes.add(process);
      }
      pump("stdin", in, process.getOutputStream(), true);
      Thread stdout = pump("stdout", process.getInputStream(), out, false);
      Thread stderr = pump("stderr", process.getErrorStream(), err, false);
      Thread waiter = new Thread(() -> {
        try {
          int code = process.waitFor();
          stdout.join();
          stderr.join();
          exit.onExit(code);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "ssh-test-exit-" + host.ip());
      waiter.setDaemon(true);
      waiter.start();
    }

    private Thread pump(String name, InputStream from, OutputStream to, boolean closeWhenDone) {
      Thread t = new Thread(() -> {
        byte[] buffer = new byte[8192];
        try {
          int n;
          while ((n = from.read(buffer)) >= 0) {
            to.write(buffer, 0, n);
            to.flush();
          }
        } catch (IOException e) {
          // the channel or the process is gone
        } finally {
          if (closeWhenDone) {
            try {
              to.close();
            } catch (IOException e) {
              // already closed
            }
          }
        }
      }, "ssh-test-" + name + "-" + host.ip());
      t.setDaemon(true);
      t.start();
      return t;
    }

    @Override
    public void destroy(ChannelSession channel) {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }
}
