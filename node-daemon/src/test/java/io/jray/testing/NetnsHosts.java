package io.jray.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Simulated machines for multi-host tests (root only): each host is a Linux network namespace with loopback and
 * an {@code eth0} joined by a veth pair to one bridge of this run, with its own address on a /24 of
 * 10.213.0.0/16 that nothing else on this machine uses. The root namespace (the test JVM) has {@code .1} on the
 * bridge, so a test reaches every host directly, and {@link Host#disconnect()} cuts one host off from all others
 * (and from the test) as a pulled cable would.
 *
 * <p>A host also has its own /tmp and /dev/shm (fresh tmpfs, held by a placeholder process) and HOME; it shares
 * the rest of the file system (this build's classes and jars) and the pid space, so a pid means the same inside
 * and out. Its folder {@link Host#dir()} (under {@link TestProcesses#root()}) is at the same path inside and
 * out, for its logs and temp dirs.
 *
 * <p>A host's processes are those in its network namespace; the kernel tracks them however they fork or
 * detach. {@link #close()} kills each by pid, then deletes the namespaces, veths and bridge, and fails if any is
 * left; a JVM shutdown hook does the same if close is never reached, and {@link #create} removes what a run
 * killed outright left. Names carry the creating JVM's pid and a random run id, so parallel and leftover runs
 * never collide. Used from the test's thread.
 *
 * <pre>{@code
 * try (NetnsHosts hosts = NetnsHosts.create("head", "b")) {   // assumeTrue(LocalAccount.runningAsRoot()) first
 *   NetnsHosts.Host b = hosts.host("b");
 *   b.run(Duration.ofSeconds(30), env, NetnsHosts.javaCommand(Tool.class.getName(), "--at=" + hosts.host("head").ip()))
 *       .expectSuccess();                                        // to its end
 *   HostProcess server = b.spawn("server", env, command);      // in the background: send(line), awaitLine(..)
 *   b.disconnect();                                            // a partition, until b.reconnect()
 *   Await.until("b has stopped", timeout, () -> b.processes().isEmpty());
 * }
 * }</pre>
 * For jray nodes in hosts, see the cli tests' {@code NetnsCluster} (the real {@code jray start} in each host).
 */
public final class NetnsHosts implements AutoCloseable {
  private static final String NETNS_PREFIX = "jray-";
  /** {@code jray-<owner pid>-<run id>-<host>}: a run's namespaces, and the JVM that must be alive to own them. */
  private static final Pattern NETNS_NAME = Pattern.compile("jray-(\\d+)-([0-9a-f]{6})-[a-z0-9]+");
  private static final String SUBNETS = "10.213.";
  private static final Path SUBNET_LOCK = Path.of(System.getProperty("java.io.tmpdir"), "jray-netns-subnets.lock");
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_HOSTS = 200;
  /** Run in the placeholder: private /tmp and /dev/shm, with the host's own folder bound back in at its path. */
  private static final String MOUNT_SCRIPT = "cd \"$1\""
      + " && mount -t tmpfs -o mode=1777 tmpfs /tmp"
      + " && mkdir -p \"$1\" && mount --no-canonicalize --bind . \"$1\"" // '.' is still the folder /tmp hid
      + " && mount -t tmpfs -o mode=1777 tmpfs /dev/shm"
      + " && : > \"$1/.mounted\" && exec sleep infinity";

  private final String runId;
  private final Path dir;
  private final String bridge;
  private final Map<String, Host> hosts = new LinkedHashMap<>();
  private final List<Process> started = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::closeQuietly, "netns-hosts-cleanup");
  private String subnet; // "10.213.S."
  private boolean closed;

  private NetnsHosts(String runId, Path dir) {
    this.runId = runId;
    this.dir = dir;
    this.bridge = "jrb" + runId;
  }

  /**
   * Creates one host per name (lower-case letters and digits), at addresses .2, .3, ... in that order. Fails with
   * a clear message when the {@code ip}, {@code unshare} or {@code nsenter} command or netns support is missing.
   */
  public static NetnsHosts create(String... names) {
    if (names.length == 0 || names.length > MAX_HOSTS) {
      throw new IllegalArgumentException("between 1 and " + MAX_HOSTS + " hosts, not " + names.length);
    }
    requireTools();
    removeLeftoversOfEndedRuns();
    NetnsHosts hosts;
    try {
      String runId = HexFormat.of().formatHex(randomBytes(3));
      hosts = new NetnsHosts(runId, Files.createTempDirectory(TestProcesses.root(), "netns-" + runId + "-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(hosts.shutdownHook);
    try {
      hosts.createBridge();
      for (String name : names) {
        hosts.addHost(name);
      }
      for (Host host : hosts.hosts.values()) {
        Await.until("host " + host.name + " has its own /tmp and /dev/shm (see " + host.dir.resolve("placeholder.log")
            + ")", SETTLE_TIMEOUT, () -> Files.exists(host.dir.resolve(".mounted")) || !host.placeholder.isAlive());
        if (!host.placeholder.isAlive()) {
          throw new AssertionError("could not give host " + host.name + " its own /tmp and /dev/shm: "
              + read(host.dir.resolve("placeholder.log")));
        }
      }
      return hosts;
    } catch (RuntimeException | Error e) {
      try {
        hosts.close();
      } catch (RuntimeException | Error cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  public Host host(String name) {
    Host host = hosts.get(name);
    if (host == null) {
      throw new IllegalArgumentException("no host " + name + " among " + hosts.keySet());
    }
    return host;
  }

  public List<Host> hosts() {
    return List.copyOf(hosts.values());
  }

  /** The test JVM's own address on the hosts' network (the root namespace's end of the bridge). */
  public String rootAddress() {
    return subnet + "1";
  }

  /** The folder holding every host's folder. */
  public Path dir() {
    return dir;
  }

  /** {@code java -cp <this JVM's classpath> mainClass args...}: this build's code, to run in a host. */
  public static List<String> javaCommand(String mainClass, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(args));
    return command;
  }

  /** One simulated machine. Its commands start with a fresh login's environment plus what the caller passes. */
  public final class Host {
    private final String name;
    private final String netns;
    private final String veth;
    private final String ip;
    private final Path dir;
    private final Process placeholder;

    private Host(String name, String netns, String veth, String ip, Path dir, Process placeholder) {
      this.name = name;
      this.netns = netns;
      this.veth = veth;
      this.ip = ip;
      this.dir = dir;
      this.placeholder = placeholder;
    }

    public String name() {
      return name;
    }

    /** The host's address on eth0, which every other host and the test JVM reach. */
    public String ip() {
      return ip;
    }

    /** The host's folder, at the same path inside the host and out (HOME is {@code home/} in it). */
    public Path dir() {
      return dir;
    }

    public Path home() {
      return dir.resolve("home");
    }

    /** Runs the command in the host to its end; fails the test if it runs longer than {@code timeout}. */
    public Result run(Duration timeout, Map<String, String> env, List<String> command) {
      Path out = newFile("run-", ".out");
      Path err = newFile("run-", ".err");
      Process process = start(env, command, out, err);
      try {
        process.getOutputStream().close(); // nothing to read: a command that asks ends instead of hanging
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("did not end within " + timeout.toSeconds() + " s in host " + name + ": "
              + String.join(" ", command) + "\n--- stdout:\n" + read(out) + "--- stderr:\n" + read(err));
        }
        return new Result(name, command, process.exitValue(), read(out), read(err));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        throw new AssertionError("interrupted running " + command + " in host " + name, e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Starts the command in the host in the background; it is killed by {@link NetnsHosts#close()} if still running. */
    public HostProcess spawn(String logName, Map<String, String> env, List<String> command) {
      Path out = dir.resolve(logName + ".out");
      Path err = dir.resolve(logName + ".err");
      return new HostProcess(name, start(env, command, out, err), out, err);
    }

    /** Takes the host's link to the bridge down: nothing reaches it and it reaches nothing, until {@link #reconnect}. */
    public void disconnect() {
      NetnsHosts.ip("link", "set", veth, "down");
    }

    /** Brings the link back up; as after a real partition, traffic may take a moment (failed ARP lookups retry). */
    public void reconnect() {
      NetnsHosts.ip("link", "set", veth, "up");
    }

    /** The pids of every live process in the host (whoever started it), the harness's placeholder aside. */
    public List<Long> processes() {
      return pidsIn(netns).stream().filter(pid -> pid != placeholder.pid()).toList();
    }

    private Process start(Map<String, String> env, List<String> command, Path out, Path err) {
      if (closed) {
        throw new IllegalStateException("the hosts are closed");
      }
      List<String> entered = new ArrayList<>(List.of("nsenter", "--target", Long.toString(placeholder.pid()),
          "--net", "--mount", "--wd=" + dir, "--"));
      entered.addAll(command);
      ProcessBuilder builder = new ProcessBuilder(entered)
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      Map<String, String> environment = builder.environment();
      // A fresh login's environment, not the test JVM's (whose JRAY_* settings would leak into every host).
      String path = environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
      environment.clear();
      environment.put("PATH", path);
      environment.put("HOME", home().toString());
      environment.put("LANG", "C.UTF-8");
      environment.putAll(env);
      try {
        Process process = builder.start();
        started.add(process);
        return process;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private Path newFile(String prefix, String suffix) {
      try {
        return Files.createTempFile(dir, prefix, suffix);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String toString() {
      return "host " + name + " (" + ip + ", netns " + netns + ")";
    }
  }

  /** What one command run in a host printed and how it ended. */
  public record Result(String host, List<String> command, int exitCode, String out, String err) {
    public Result expectSuccess() {
      if (exitCode != 0) {
        throw new AssertionError("exit " + exitCode + " of " + this);
      }
      return this;
    }

    @Override
    public String toString() {
      return String.join(" ", command) + " in host " + host + "\n--- exit " + exitCode + "\n--- stdout:\n" + out
          + "--- stderr:\n" + err;
    }
  }

  private void createBridge() {
    // Under a machine-wide lock: two runs checking at once could otherwise take the same free /24.
    try (FileChannel channel = FileChannel.open(SUBNET_LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock lock = channel.lock()) {
      subnet = SUBNETS + freeSubnet() + ".";
      ip("link", "add", bridge, "type", "bridge");
      ip("addr", "add", rootAddress() + "/24", "dev", bridge);
      ip("link", "set", bridge, "up");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freeSubnet() {
    Set<Integer> used = new TreeSet<>();
    Matcher inUse = Pattern.compile("\\b10\\.213\\.(\\d+)\\.").matcher(
        exec(List.of("ip", "-o", "-4", "addr", "show")).out + exec(List.of("ip", "-4", "route", "show", "table", "all")).out);
    while (inUse.find()) {
      used.add(Integer.parseInt(inUse.group(1)));
    }
    List<Integer> free = new ArrayList<>();
    for (int s = 0; s < 256; s++) {
      if (!used.contains(s)) {
        free.add(s);
      }
    }
    if (free.isEmpty()) {
      throw new AssertionError("every /24 of 10.213.0.0/16 is in use on this machine");
    }
    return free.get(ThreadLocalRandom.current().nextInt(free.size()));
  }

  private void addHost(String name) {
    if (!name.matches("[a-z0-9]{1,20}")) {
      throw new IllegalArgumentException("a host name is 1 to 20 lower-case letters and digits, not '" + name + "'");
    }
    if (hosts.containsKey(name)) {
      throw new IllegalArgumentException("two hosts named " + name);
    }
    int index = hosts.size();
    String netns = NETNS_PREFIX + ProcessHandle.current().pid() + "-" + runId + "-" + name;
    String veth = "jrv" + runId + String.format("%02x", index); // at most 15 characters (IFNAMSIZ)
    String address = subnet + (index + 2);
    Path hostDir = dir.resolve(name);
    try {
      Files.createDirectories(hostDir.resolve("home"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ip("netns", "add", netns);
    // Recorded at once: close() deletes what exists even if a later step fails.
    hosts.put(name, new Host(name, netns, veth, address, hostDir, startPlaceholder(netns, hostDir)));
    ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", netns);
    ip("link", "set", veth, "master", bridge, "up");
    ip("-n", netns, "link", "set", "lo", "up");
    ip("-n", netns, "addr", "add", address + "/24", "dev", "eth0");
    ip("-n", netns, "link", "set", "eth0", "up");
  }

  /** The process that holds the host's mount namespace (its /tmp and /dev/shm); every command enters it. */
  private Process startPlaceholder(String netns, Path hostDir) {
    Path log = hostDir.resolve("placeholder.log");
    ProcessBuilder builder = new ProcessBuilder("ip", "netns", "exec", netns,
        "unshare", "--mount", "--propagation", "private", "sh", "-c", MOUNT_SCRIPT, "jray-host", hostDir.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    try {
      Process process = builder.start();
      started.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills every process of every host, then deletes the hosts' links, namespaces and bridge; fails if any is left. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway and finds this closed
      }
    }
    started.forEach(Process::destroyForcibly);
    List<String> netnsNames = hosts.values().stream().map(h -> h.netns).toList();
    AssertionError failure = null;
    try {
      Await.until("no process is left in hosts " + hosts.keySet(), SETTLE_TIMEOUT, () -> killAllIn(netnsNames));
    } catch (AssertionError e) {
      failure = e;
    }
    for (Host host : hosts.values()) {
      tryIp("link", "del", host.veth);
      tryIp("netns", "del", host.netns);
    }
    tryIp("link", "del", bridge);
    try {
      Await.until("the links and namespaces of run " + runId + " are gone", SETTLE_TIMEOUT, () -> leftOf(runId).isEmpty());
    } catch (AssertionError e) {
      failure = failure == null ? new AssertionError(e.getMessage() + ": " + leftOf(runId)) : failure;
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException | Error e) {
      System.err.println("could not remove the test's network namespaces: " + e);
    }
  }

  /** Sends SIGKILL to every process in these namespaces; true when none is left. */
  private static boolean killAllIn(List<String> netnsNames) {
    boolean none = true;
    for (String netns : netnsNames) {
      for (long pid : pidsIn(netns)) {
        none = false;
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    return none;
  }

  private static List<Long> pidsIn(String netns) {
    Exec listed = exec(List.of("ip", "netns", "pids", netns));
    if (listed.exitCode != 0) {
      return List.of(); // no such namespace (any more)
    }
    return listed.out.lines().map(String::trim).filter(l -> l.matches("\\d+")).map(Long::parseLong).toList();
  }

  /** The namespaces and links of one run that still exist. */
  private static List<String> leftOf(String runId) {
    List<String> left = new ArrayList<>();
    exec(List.of("ip", "netns", "list")).out.lines().map(l -> l.split("\\s+")[0])
        .filter(n -> n.contains("-" + runId + "-")).forEach(left::add);
    exec(List.of("ip", "-o", "link", "show")).out.lines().map(l -> l.split(":\\s+")[1].split("@")[0])
        .filter(n -> n.equals("jrb" + runId) || n.startsWith("jrv" + runId)).forEach(left::add);
    return left;
  }

  /** Removes the namespaces and bridges of runs whose JVM ended without closing them (a kill -9, a crash). */
  private static void removeLeftoversOfEndedRuns() {
    for (String line : exec(List.of("ip", "netns", "list")).out.lines().toList()) {
      String netns = line.split("\\s+")[0];
      Matcher m = NETNS_NAME.matcher(netns);
      if (!m.matches() || ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false)) {
        continue;
      }
      try {
        Await.until("the processes of leftover host " + netns + " end", SETTLE_TIMEOUT, () -> killAllIn(List.of(netns)));
      } catch (AssertionError stuck) {
        continue; // the next run tries again
      }
      tryIp("netns", "del", netns); // its veth goes with it
      tryIp("link", "del", "jrb" + m.group(2));
    }
  }

  private static void requireTools() {
    requireCommand("iproute2", "ip", "-V");
    requireCommand("util-linux", "unshare", "--version");
    requireCommand("util-linux", "nsenter", "--version");
    Exec netns = exec(List.of("ip", "netns", "list"));
    if (netns.exitCode != 0) {
      throw new AssertionError("multi-host tests need network namespaces, and 'ip netns list' fails: " + netns.out);
    }
  }

  private static void requireCommand(String pkg, String... probe) {
    Exec ran;
    try {
      ran = exec(List.of(probe));
    } catch (AssertionError e) {
      ran = null;
    }
    if (ran == null || ran.exitCode != 0) {
      throw new AssertionError("multi-host tests (run as root) need the '" + probe[0] + "' command (package " + pkg
          + "); it is missing or fails here");
    }
  }

  private static void ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    Exec ran = exec(command);
    if (ran.exitCode != 0) {
      throw new AssertionError(String.join(" ", command) + " failed (exit " + ran.exitCode + "): " + ran.out.trim());
    }
  }

  private static void tryIp(String... args) {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    exec(command); // only tidying: what is already gone is fine
  }

  private record Exec(int exitCode, String out) {}

  /** Runs a short root command of the harness itself (stdout and stderr together). */
  private static Exec exec(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not end within " + COMMAND_TIMEOUT.toSeconds() + " s");
      }
      return new Exec(process.exitValue(), out);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
