package io.jray.runtime.rpc;

import io.jray.runtime.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.logging.Logger;

/**
 * The cluster token every gRPC call carries. It comes from {@code JRAY_AUTH_TOKEN}, else from the token file
 * ({@code JRAY_AUTH_TOKEN_FILE}, default {@code ~/.jray/auth_token}, mode 0600), which the first head creates
 * with 256 random bits.
 */
public final class AuthToken {
  public static final String ENV_TOKEN = "JRAY_AUTH_TOKEN";
  public static final String ENV_TOKEN_FILE = "JRAY_AUTH_TOKEN_FILE";
  private static final Logger LOG = Logger.getLogger(AuthToken.class.getName());

  private final String value;

  private AuthToken(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("The cluster token is empty: set JRAY_AUTH_TOKEN or remove " + tokenFile()
          + " so a new one is made.");
    }
    this.value = value.trim();
  }

  public static AuthToken of(String value) {
    return new AuthToken(value);
  }

  public String value() {
    return value;
  }

  /** Constant-time comparison, so the check leaks nothing about the token through timing. */
  public boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  /** The one sentence for a cluster (at {@code where}) that refused the token {@code whose} ("this node's"...). */
  public static String rejectedBy(Object where, String whose) {
    return "The jray cluster at " + where + " rejected " + whose + " cluster token; set " + ENV_TOKEN + " (or "
        + tokenFile() + ") to the head's token.";
  }

  public static Path tokenFile() {
    String override = System.getenv(ENV_TOKEN_FILE);
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    return Path.of(System.getProperty("user.home"), ".jray", "auth_token");
  }

  /** The token a client presents, or null when none is configured anywhere. */
  public static AuthToken find() {
    String env = System.getenv(ENV_TOKEN);
    if (env != null && !env.isBlank()) {
      return new AuthToken(env);
    }
    return read(tokenFile());
  }

  /** The token in {@code file}, or null if there is none; warns when others may read it. */
  static AuthToken read(Path file) {
    if (Files.isRegularFile(file)) {
      try {
        if (PrivateFiles.readableByOthers(file)) {
          LOG.warning("The cluster token file " + file + " can be read by other users; run 'chmod 600 " + file
              + "'.");
        }
        return new AuthToken(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the cluster token file " + file + ": " + e.getMessage(), e);
      }
    }
    return null;
  }

  /** The token a head uses: the configured one, or a fresh one written to the token file (0600). */
  public static AuthToken findOrCreate() {
    String env = System.getenv(ENV_TOKEN);
    if (env != null && !env.isBlank()) {
      return new AuthToken(env);
    }
    return findOrCreate(tokenFile());
  }

  /**
   * The token in {@code file}, or a fresh one written there: its folder made 0700 if missing, the file complete
   * and 0600 from its first instant (never widened by the umask, then narrowed).
   */
  static AuthToken findOrCreate(Path file) {
    AuthToken existing = read(file);
    if (existing != null) {
      return existing;
    }
    byte[] bits = new byte[32];
    new SecureRandom().nextBytes(bits);
    String token = HexFormat.of().formatHex(bits);
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir.getParent());
        try {
          PrivateFiles.createPrivateDir(dir);
        } catch (FileAlreadyExistsException raced) {
          // Made meanwhile by another head starting: fine.
        }
      }
      PrivateFiles.createAtomically(file, (token + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (FileAlreadyExistsException raced) {
      return read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the cluster token file " + file + ": " + e.getMessage(), e);
    }
    return new AuthToken(token);
  }

  @Override
  public String toString() {
    return "AuthToken(****)";
  }
}
