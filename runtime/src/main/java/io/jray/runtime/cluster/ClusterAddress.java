package io.jray.runtime.cluster;

import io.jray.runtime.files.PrivateFiles;
import io.jray.runtime.rpc.HostPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the cluster a client means: an explicit address, else {@code JRAY_ADDRESS} (or {@code -Djray.address}),
 * else the address file {@code <temp-dir>/jray_current_cluster} that the last head started on this host wrote.
 * The temp dir is private to its user ({@code /tmp/jray-<user>}, 0700): an address file in a folder another user
 * could write is refused, since the cluster token would be sent to whatever it names.
 */
public final class ClusterAddress {
  public static final String ENV_ADDRESS = "JRAY_ADDRESS";
  public static final String ENV_TMPDIR = "JRAY_TMPDIR";
  public static final String FILE_NAME = "jray_current_cluster";
  /** The way out of a temp dir that is not ours, for {@link PrivateFiles}' sentences. */
  public static final String TEMP_DIR_REMEDY = "pass --temp-dir (or set " + ENV_TMPDIR + ") to a folder of yours";
  private static final String DEFAULT_BASE = "/tmp";

  /** Where an address came from; error messages differ (a stale file is not a typo). */
  public enum Source { EXPLICIT, ENVIRONMENT, ADDRESS_FILE }

  /** A resolved address and where it came from ({@code file} is set for ADDRESS_FILE). */
  public record Resolved(HostPort address, Source source, Path file) {}

  private ClusterAddress() {}

  /** The temp dir: JRAY_TMPDIR, else /tmp/jray-<user>. */
  public static Path defaultTempDir() {
    String env = System.getenv(ENV_TMPDIR);
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return defaultTempDir(System.getProperty("user.name"), Path.of(DEFAULT_BASE));
  }

  /** {@code <base>/jray-<user>}: one folder per user, so no user's state sits in a folder another can write. */
  static Path defaultTempDir(String user, Path base) {
    return base.resolve("jray-" + user.replaceAll("[^A-Za-z0-9._-]", "_"));
  }

  /** Creates the temp dir 0700, or checks that an existing one is this user's and no one else can write it. */
  public static Path ensureTempDir(Path tempDir) throws IOException {
    return PrivateFiles.ensurePrivateDir(tempDir, "temp dir", TEMP_DIR_REMEDY);
  }

  public static Path file(Path tempDir) {
    return tempDir.resolve(FILE_NAME);
  }

  /**
   * @param explicit the address the user gave (null or "auto" when none)
   * @return empty when no address is given anywhere and no address file exists
   */
  public static Optional<Resolved> resolve(String explicit, Path tempDir) {
    if (explicit != null && !explicit.isBlank() && !explicit.equals("auto")) {
      return Optional.of(new Resolved(HostPort.parse(explicit), Source.EXPLICIT, null));
    }
    if (explicit == null) {
      String env = System.getenv(ENV_ADDRESS);
      if (env == null || env.isBlank()) {
        env = System.getProperty("jray.address");
      }
      if (env != null && !env.isBlank() && !env.equals("auto")) {
        return Optional.of(new Resolved(HostPort.parse(env), Source.ENVIRONMENT, null));
      }
    }
    return read(tempDir).map(a -> new Resolved(a, Source.ADDRESS_FILE, file(tempDir)));
  }

  /**
   * The address the file names, if there is a file.
   *
   * @throws io.jray.runtime.files.NotPrivateException when the temp dir or the file is another user's or
   *     writable by others (its address could lead the token anywhere)
   */
  public static Optional<HostPort> read(Path tempDir) {
    Path file = file(tempDir);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      PrivateFiles.checkDir(tempDir, "temp dir", TEMP_DIR_REMEDY);
      PrivateFiles.checkFile(file, "address file", TEMP_DIR_REMEDY);
      return Optional.of(HostPort.parse(Files.readString(file, StandardCharsets.UTF_8).trim()));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public static void write(Path tempDir, HostPort address) throws IOException {
    ensureTempDir(tempDir);
    PrivateFiles.writeAtomically(file(tempDir), address.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Removes the address file if it still names {@code address} (a newer head may have replaced it). */
  public static void removeIfNames(Path tempDir, HostPort address) throws IOException {
    if (read(tempDir).filter(address::equals).isPresent()) {
      Files.deleteIfExists(file(tempDir));
    }
  }
}
