package io.jray.runtime.logs;

import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.files.PrivateFiles;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A log file that rotates by size, as Ray's (RAY_ROTATION_MAX_BYTES x RAY_ROTATION_BACKUP_COUNT): when the next
 * bytes would take {@code file} past {@code maxBytes}, it becomes {@code file.1} (and {@code file.1} becomes
 * {@code file.2} ..., the oldest past {@code backups} deleted) and a new {@code file} (0600) is started; so no
 * file ever holds more than {@code maxBytes}, and at most {@code backups + 1} exist. With no backups the file
 * starts over empty. Appends to what the file already holds. Synchronized.
 */
public final class RotatingFileOutputStream extends OutputStream {
  private final Path file;
  private final long maxBytes;
  private final int backups;
  private OutputStream out;
  private long size;

  public RotatingFileOutputStream(Path file, long maxBytes, int backups) throws IOException {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("a log's rotation size must be positive, not " + maxBytes);
    }
    this.file = file;
    this.maxBytes = maxBytes;
    this.backups = Math.max(0, backups);
    open();
  }

  /**
   * Points this process's System.out and System.err at rotating files (the settings' size and backups), in front
   * of the files its launcher redirected them to, which are the same ones.
   */
  public static void redirectStdio(Path stdout, Path stderr) throws IOException {
    long max = JrayConfig.ROTATION_MAX_BYTES.get();
    int backups = JrayConfig.ROTATION_BACKUP_COUNT.get();
    System.setOut(printStream(new RotatingFileOutputStream(stdout, max, backups), "sun.stdout.encoding"));
    System.setErr(printStream(new RotatingFileOutputStream(stderr, max, backups), "sun.stderr.encoding"));
  }

  private static PrintStream printStream(OutputStream out, String encodingProperty) {
    String name = System.getProperty(encodingProperty);
    Charset charset = name != null && Charset.isSupported(name) ? Charset.forName(name) : Charset.defaultCharset();
    return new PrintStream(out, true, charset);
  }

  private void open() throws IOException {
    PrivateFiles.logFile(file);
    size = Files.size(file);
    out = new FileOutputStream(file.toFile(), true);
  }

  @Override
  public synchronized void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    while (length > 0) {
      if (size >= maxBytes) {
        rotate();
      }
      int n = (int) Math.min(length, maxBytes - size);
      out.write(bytes, offset, n);
      size += n;
      offset += n;
      length -= n;
    }
  }

  private void rotate() throws IOException {
    out.close();
    if (backups == 0) {
      Files.delete(file);
    } else {
      Files.deleteIfExists(backup(backups));
      for (int i = backups - 1; i >= 1; i--) {
        if (Files.exists(backup(i))) {
          Files.move(backup(i), backup(i + 1), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.move(file, backup(1), StandardCopyOption.REPLACE_EXISTING);
    }
    open();
  }

  private Path backup(int i) {
    return file.resolveSibling(file.getFileName() + "." + i);
  }

  @Override
  public synchronized void flush() throws IOException {
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
