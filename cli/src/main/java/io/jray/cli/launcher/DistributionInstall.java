package io.jray.cli.launcher;

import io.jray.cli.CliException;
import io.jray.cli.ExitCodes;
import io.jray.runtime.packaging.ClasspathHashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * jray's own distribution, brought to a host by {@code jray up} ({@code install: auto}, the default): this CLI's
 * distribution (the folder its {@code bin/jray} runs from) is packed once per run into a tarball, uploaded over
 * SFTP to a host that lacks the same version with the same content (told apart by a fingerprint of every file), and
 * unpacked under {@code ~/.jray/dist/<version>}; every command the launcher runs there then finds that {@code jray}
 * first on its PATH. Ray's launcher leaves this to {@code setup_commands}. A host needs only Java 17 or newer, and
 * says so in one sentence when it has none. A CLI that runs from a build's class folders (no distribution) leaves
 * the hosts' PATH to find jray, as {@code install: none} does. Thread-safe: hosts install in parallel.
 */
final class DistributionInstall {
  /** The oldest Java a host may run jray with. */
  static final int JAVA_FEATURE = 17;
  private static final String DIST_DIR = ".jray/dist";
  private static final String FINGERPRINT_FILE = ".jray-fingerprint";
  private static final Pattern JAVA_VERSION = Pattern.compile("version \"(?:1\\.)?(\\d+)");
  private static final long TAR_TIMEOUT_S = 120;
  private static final Pattern SAFE_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

  private final Path home;
  private final String version;
  private final String fingerprint;
  private Path tarball; // made on the first host that needs it
  private String tarballSha256;

  private DistributionInstall(Path home, String version, String fingerprint) {
    this.home = home;
    this.version = version;
    this.fingerprint = fingerprint;
  }

  /** This CLI's distribution, or empty when it runs from class folders (no {@code jray.home}). */
  static Optional<DistributionInstall> ofThisCli() {
    return thisCliHome().map(home -> of(home, thisCliVersion()));
  }

  /**
   * What prefixes every command the launcher runs on a host when this CLI has a distribution: its installed jray
   * first on the PATH. Only the version is needed, so a session does not fingerprint the distribution.
   */
  static Optional<String> pathPrefixForThisCli() {
    return thisCliHome().map(home -> pathPrefix(thisCliVersion()));
  }

  private static Optional<Path> thisCliHome() {
    String dir = System.getProperty("jray.home");
    if (dir == null || dir.isBlank() || !Files.isRegularFile(Path.of(dir, "bin", "jray"))) {
      return Optional.empty();
    }
    return Optional.of(Path.of(dir).toAbsolutePath().normalize());
  }

  private static String thisCliVersion() {
    String version = DistributionInstall.class.getPackage().getImplementationVersion();
    return version != null && SAFE_VERSION.matcher(version).matches() ? version : "dev";
  }

  /** The distribution in {@code home} as version {@code version}. */
  static DistributionInstall of(Path home, String version) {
    return new DistributionInstall(home, version, fingerprint(home));
  }

  /** Where it lives on a host, as a shell word that expands there ({@code "$HOME/.jray/dist/0.1.0"}). */
  String remoteDir() {
    return "\"$HOME/" + DIST_DIR + "/" + version + "\"";
  }

  private static String pathPrefix(String version) {
    return "PATH=\"$HOME/" + DIST_DIR + "/" + version + "/bin:$PATH\"; export PATH; ";
  }

  /**
   * Makes sure the host has this distribution (uploading it when not) and Java 17+; says what it did, or throws one
   * sentence naming the host.
   */
  void ensure(SshSession ssh, String label, Progress progress) {
    SshSession.Result java = ssh.run("\"${JAVA_HOME:+$JAVA_HOME/bin/}java\" -version 2>&1");
    int feature = javaFeature(java.output());
    if (!java.ok() || feature < JAVA_FEATURE) {
      throw new CliException("The host " + ssh.host() + " has " + (java.exitStatus() == 127 || feature < 0
          ? "no 'java' on the PATH of its non-interactive SSH sessions"
          : "Java " + feature + ", older than " + JAVA_FEATURE) + "; install Java " + JAVA_FEATURE
          + " or newer there (e.g. 'apt-get install openjdk-17-jre-headless', or in setup_commands) and run 'jray up' "
          + "again.");
    }
    SshSession.Result installed = ssh.run("cat " + remoteDir() + "/" + FINGERPRINT_FILE + " 2>/dev/null");
    if (installed.ok() && installed.output().strip().equals(fingerprint)) {
      progress.host(label, "jray " + version + " is installed (~/" + DIST_DIR + "/" + version + ").");
      return;
    }
    Path tar = tarball();
    String upload = ssh.absolute("~/" + DIST_DIR) + "/.upload-" + version + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tar.gz";
    SshSession.Result dir = ssh.run("umask 077 && mkdir -p \"$HOME/" + DIST_DIR + "\"");
    if (!dir.ok()) {
      throw new CliException("On " + ssh.host() + ", creating ~/" + DIST_DIR + " failed: " + dir.output().strip() + ".");
    }
    try {
      ssh.sftp().put(tar.toString(), upload);
    } catch (com.jcraft.jsch.SftpException e) {
      throw new CliException("Uploading jray " + version + " to " + ssh.host() + " failed: " + e.getMessage()
          + "; check the free space in its home folder.", ExitCodes.FAILED, e);
    }
    SshSession.Result unpacked = ssh.run(unpackScript(upload));
    if (!unpacked.ok()) {
      throw new CliException("On " + ssh.host() + ", unpacking jray " + version + " failed: "
          + lastLine(unpacked.output()) + ".");
    }
    progress.host(label, "Installed jray " + version + " in ~/" + DIST_DIR + "/" + version + " ("
        + mib(tar) + " uploaded).");
  }

  /** The remote half: check the upload, unpack it beside the old copy, stop what the old copy runs, swap. */
  private String unpackScript(String upload) {
    String u = RemoteCommands.quote(upload);
    return "set -e\numask 077\nd=\"$HOME/" + DIST_DIR + "\"\nv=" + RemoteCommands.quote(version) + "\n"
        + "sum=\"$(sha256sum " + u + " | cut -d' ' -f1)\"\n"
        + "if [ \"$sum\" != " + RemoteCommands.quote(tarballSha256) + " ]; then rm -f " + u
        + "; echo 'the uploaded file was damaged on the way (its SHA-256 differs)' >&2; exit 3; fi\n"
        + "new=\"$d/.new-$v-$$\"\nrm -rf \"$new\"\nmkdir \"$new\"\ntar -xzf " + u + " -C \"$new\"\nrm -f " + u + "\n"
        + "printf '%s\\n' " + RemoteCommands.quote(fingerprint) + " > \"$new/" + FINGERPRINT_FILE + "\"\n"
        + "if [ -d \"$d/$v\" ]; then PATH=\"$d/$v/bin:$PATH\" jray stop >/dev/null 2>&1 || true; rm -rf \"$d/$v\"; fi\n"
        + "mv \"$new\" \"$d/$v\"\n";
  }

  /** The distribution as a gzipped tarball, made once (by the system's tar) and deleted when the CLI exits. */
  private synchronized Path tarball() {
    if (tarball != null) {
      return tarball;
    }
    try {
      Path tar = Files.createTempFile("jray-dist-", ".tar.gz");
      tar.toFile().deleteOnExit();
      Process p = new ProcessBuilder("tar", "-C", home.toString(), "--exclude=*.jsa", "-czf", tar.toString(), ".")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(TAR_TIMEOUT_S, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new CliException("Packing jray's distribution " + home + " failed: " + lastLine(out) + ".");
      }
      tarballSha256 = io.jray.runtime.packaging.ClasspathEntry.sha256(tar);
      tarball = tar;
      return tar;
    } catch (IOException e) {
      throw new CliException("Packing jray's distribution " + home + " failed: " + e.getMessage()
          + "; 'tar' must be on this machine's PATH.", ExitCodes.FAILED, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("Interrupted while packing jray's distribution.");
    }
  }

  /** The major version {@code java -version} printed, or -1. */
  static int javaFeature(String versionOutput) {
    Matcher m = JAVA_VERSION.matcher(versionOutput);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** SHA-256 over every file's path and SHA-256 (class-data archives aside, which each host makes for itself). */
  static String fingerprint(Path home) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    ClasspathHashes hashes = ClasspathHashes.shared();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(home)) {
      files = walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".jsa")).sorted()
          .toList();
      for (Path file : files) {
        digest.update((home.relativize(file) + "\t" + hashes.sha256(file) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new CliException("Cannot read jray's distribution " + home + ": " + e.getMessage() + ".",
          ExitCodes.FAILED, e);
    }
    hashes.save();
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String mib(Path file) {
    try {
      return String.format("%.1f MiB", Files.size(file) / (1024.0 * 1024));
    } catch (IOException e) {
      return "?";
    }
  }

  private static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    String last = lines[lines.length - 1].strip();
    return last.isEmpty() ? "no output" : last.endsWith(".") ? last.substring(0, last.length() - 1) : last;
  }
}
