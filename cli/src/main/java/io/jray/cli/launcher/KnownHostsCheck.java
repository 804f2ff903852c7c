package io.jray.cli.launcher;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks a host's SSH key against a known_hosts file (jsch's own parser). With {@code acceptNew}, a host the file
 * does not know yet is accepted and its key appended to the file (OpenSSH's {@code accept-new}); a key that differs
 * from the recorded one is always refused. It keeps the key the host presented, so errors can show its fingerprint.
 * One per connection; appends from concurrent connections are serialized.
 */
final class KnownHostsCheck implements HostKeyRepository {
  private static final Object APPEND_LOCK = new Object();

  private final JSch jsch;
  private final HostKeyRepository known;
  private final Path file;
  private final boolean acceptNew;
  private volatile HostKey presented;
  private volatile boolean added;

  KnownHostsCheck(JSch jsch, Path file, boolean acceptNew) throws JSchException {
    this.jsch = jsch;
    this.file = file;
    this.acceptNew = acceptNew;
    jsch.setKnownHosts(file.toString()); // a missing file is an empty one
    this.known = jsch.getHostKeyRepository();
  }

  @Override
  public int check(String host, byte[] key) {
    int result = known.check(host, key);
    try {
      presented = new HostKey(host, key);
    } catch (JSchException e) {
      presented = null;
    }
    if (result == NOT_INCLUDED && acceptNew && presented != null) {
      append(presented);
      added = true;
      return OK;
    }
    return result;
  }

  /** "ECDSA key SHA256:..." of the key the host presented, for messages. */
  String presentedKey() {
    HostKey key = presented;
    return key == null ? "an unreadable key" : key.getType() + " key " + key.getFingerPrint(jsch);
  }

  /** Whether this connection added the host's key to the file. */
  boolean added() {
    return added;
  }

  Path file() {
    return file;
  }

  private void append(HostKey key) {
    String line = key.getHost() + " " + key.getType() + " " + key.getKey() + "\n";
    synchronized (APPEND_LOCK) {
      try {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.exists(file) && Files.size(file) > 0) {
          byte[] existing = Files.readAllBytes(file);
          if (existing[existing.length - 1] != '\n') {
            line = "\n" + line;
          }
        }
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot add the host key of " + key.getHost() + " to " + file + ": "
            + e.getMessage(), e);
      }
    }
  }

  @Override
  public void add(HostKey hostkey, UserInfo ui) {
    // Strict checking never asks jsch to add a key: accepted keys are appended by check().
  }

  @Override
  public void remove(String host, String type) {
    known.remove(host, type);
  }

  @Override
  public void remove(String host, String type, byte[] key) {
    known.remove(host, type, key);
  }

  @Override
  public String getKnownHostsRepositoryID() {
    return known.getKnownHostsRepositoryID();
  }

  @Override
  public HostKey[] getHostKey() {
    return known.getHostKey();
  }

  @Override
  public HostKey[] getHostKey(String host, String type) {
    return known.getHostKey(host, type);
  }
}
