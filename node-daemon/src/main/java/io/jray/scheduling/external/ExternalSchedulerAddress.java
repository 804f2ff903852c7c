package io.jray.scheduling.external;

import io.jray.runtime.rpc.HostPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the external scheduler listens: given as host:port, or (given without a value) the {@code ip port} of
 * {@value #CONFIG_FILE} in the working directory when that file is the user's own, as the seed does, else
 * {@value #DEFAULT_HOST}:{@value #DEFAULT_PORT}, the seed's default. Pure, but for reading that file.
 */
public final class ExternalSchedulerAddress {
  public static final String CONFIG_FILE = "EXTERNAL_SCHEDULER_CONFIG.txt";
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 44444;

  private ExternalSchedulerAddress() {}

  /**
   * @param value host:port, or null/empty for the config file or the default
   * @throws IllegalArgumentException with a sentence (no final period) naming what is wrong
   */
  public static HostPort resolve(String value, Path workingDir) {
    if (value != null && !value.isBlank()) {
      try {
        return HostPort.parse(value.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--external-scheduler must be host:port, not '" + value + "'");
      }
    }
    Path file = workingDir.resolve(CONFIG_FILE);
    if (!ownFile(file)) {
      return new HostPort(DEFAULT_HOST, DEFAULT_PORT);
    }
    String text;
    try {
      text = Files.readString(file).trim();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + " (" + e.getMessage() + ")");
    }
    String[] parts = text.split("\\s+");
    try {
      if (parts.length != 2) {
        throw new IllegalArgumentException();
      }
      return new HostPort(parts[0], Integer.parseInt(parts[1]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " must hold 'ip port' (e.g. '127.0.0.1 44444'), not '"
          + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'");
    }
  }

  /** A regular file (not a link) owned by the user this process runs as. */
  private static boolean ownFile(Path file) {
    try {
      return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          && Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** Why nothing accepts a connection at {@code address} within {@code timeoutMs}, or empty when something does. */
  public static Optional<String> unreachable(HostPort address, int timeoutMs) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address.host(), address.port()), timeoutMs);
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }
}
