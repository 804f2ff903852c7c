package io.jray.runtime.cluster;

import io.jray.runtime.rpc.HostPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Finds the cluster a client means: an explicit address, else {@code JRAY_ADDRESS} (or {@code -Djray.address}),
 * else the address file {@code <temp-dir>/jray_current_cluster} that the last head started on this host wrote.
 */
public final class ClusterAddress {
  public static final String ENV_ADDRESS = "JRAY_ADDRESS";
  public static final String ENV_TMPDIR = "JRAY_TMPDIR";
  public static final String FILE_NAME = "jray_current_cluster";

  /** Where an address came from; error messages differ (a stale file is not a typo). */
  public enum Source { EXPLICIT, ENVIRONMENT, ADDRESS_FILE }

  /** A resolved address and where it came from ({@code file} is set for ADDRESS_FILE). */
  public record Resolved(HostPort address, Source source, Path file) {}

  private ClusterAddress() {}

  /** The temp dir: JRAY_TMPDIR, else /tmp/jray. */
  public static Path defaultTempDir() {
    String env = System.getenv(ENV_TMPDIR);
    return Path.of(env != null && !env.isBlank() ? env : "/tmp/jray");
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

  public static Optional<HostPort> read(Path tempDir) {
    Path file = file(tempDir);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(HostPort.parse(Files.readString(file, StandardCharsets.UTF_8).trim()));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public static void write(Path tempDir, HostPort address) throws IOException {
    Files.createDirectories(tempDir);
    Path file = file(tempDir);
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    Files.writeString(tmp, address.toString(), StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Removes the address file if it still names {@code address} (a newer head may have replaced it). */
  public static void removeIfNames(Path tempDir, HostPort address) throws IOException {
    if (read(tempDir).filter(address::equals).isPresent()) {
      Files.deleteIfExists(file(tempDir));
    }
  }
}
