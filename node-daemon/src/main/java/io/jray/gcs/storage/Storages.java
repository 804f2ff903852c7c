package io.jray.gcs.storage;

import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.files.PrivateFiles;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the storage a {@code --storage} value names: {@code memory} (the default), {@code file:<dir>} or
 * {@code redis://[user@]host:port}. A Redis password never comes on a command line (which every user can read
 * in ps) nor in a node file: it comes from {@code JRAY_REDIS_PASSWORD} or from a file only this user can read.
 */
public final class Storages {
  public static final String MEMORY = "memory";
  public static final String ENV_REDIS_PASSWORD = "JRAY_REDIS_PASSWORD";

  private Storages() {}

  /** Checks the value's form without touching anything; returns the sentence to show, or null when it is fine. */
  public static String problem(String spec) {
    try {
      parse(spec);
      return null;
    } catch (StorageException e) {
      return e.getMessage();
    }
  }

  /** Whether what this value names outlives the GCS. */
  public static boolean durable(String spec) {
    return !parse(spec).scheme().equals(MEMORY);
  }

  /**
   * Opens it.
   *
   * @param passwordFile the file holding the Redis password, or null (then {@code JRAY_REDIS_PASSWORD}, if set)
   * @throws StorageException one sentence: an unknown form, a folder that cannot be used, a Redis that does not
   *     answer
   */
  public static TableStorage open(String spec, Path passwordFile) {
    Parsed parsed = parse(spec);
    switch (parsed.scheme()) {
      case MEMORY:
        return new MemoryStorage();
      case "file":
        return FileStorage.open(Path.of(parsed.path()).toAbsolutePath().normalize());
      default:
        return RedisStorage.open(parsed.host(), parsed.port(), parsed.user(), password(passwordFile),
            JrayConfig.EXTERNAL_STORAGE_NAMESPACE.get());
    }
  }

  private record Parsed(String scheme, String path, String host, int port, String user) {}

  private static Parsed parse(String spec) {
    String value = spec == null || spec.isBlank() ? MEMORY : spec.trim();
    if (value.equals(MEMORY)) {
      return new Parsed(MEMORY, null, null, 0, null);
    }
    if (value.startsWith("file:")) {
      String path = value.substring("file:".length());
      if (path.startsWith("//")) {
        path = path.substring(2);
      }
      if (path.isEmpty()) {
        throw new StorageException("--storage=file: needs a folder, as in --storage=file:/var/lib/jray/gcs.");
      }
      return new Parsed("file", path, null, 0, null);
    }
    if (value.startsWith("redis://")) {
      URI uri;
      try {
        uri = new URI(value);
      } catch (URISyntaxException e) {
        throw new StorageException("--storage=" + value + " is not a Redis address; write redis://host:port.");
      }
      if (uri.getHost() == null || uri.getPort() <= 0) {
        throw new StorageException("--storage=" + value + " needs a host and a port, as in redis://127.0.0.1:6380.");
      }
      String user = uri.getUserInfo();
      if (user != null && user.contains(":")) {
        throw new StorageException("A Redis password does not go in --storage (every user can read command lines);"
            + " put it in " + ENV_REDIS_PASSWORD + " or in a file named by --storage-password-file.");
      }
      return new Parsed("redis", null, uri.getHost(), uri.getPort(), user == null || user.isEmpty() ? null : user);
    }
    throw new StorageException("Unknown GCS storage '" + value + "'; use memory, file:<dir> or redis://host:port.");
  }

  private static String password(Path passwordFile) {
    if (passwordFile != null) {
      try {
        PrivateFiles.checkSecret(passwordFile, "Redis password file", "make it 0600");
        return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
      } catch (io.jray.runtime.files.NotPrivateException e) {
        throw new StorageException(e.getMessage(), e);
      } catch (IOException e) {
        throw new StorageException("Cannot read the Redis password file " + passwordFile + " (" + e.getMessage()
            + "); check --storage-password-file.", e);
      }
    }
    String fromEnv = System.getenv(ENV_REDIS_PASSWORD);
    return fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
  }
}
