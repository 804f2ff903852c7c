package io.jray.runtime.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An output stream that writes every byte through to the stream it replaces (the worker's log file keeps exactly
 * what it had) and hands each complete line, decoded, to {@code lines}. Called under the lock of the PrintStream
 * that wraps it, so one thread at a time.
 */
final class LineTee extends OutputStream {
  /** A line longer than this is handed on in pieces, so a program printing without newlines holds no more. */
  static final int MAX_LINE_BYTES = 16 << 10;

  private final OutputStream through;
  private final Charset charset;
  private final Consumer<String> lines;
  private byte[] pending = new byte[256];
  private int length;

  LineTee(OutputStream through, Charset charset, Consumer<String> lines) {
    this.through = through;
    this.charset = charset;
    this.lines = lines;
  }

  @Override
  public void write(int b) throws IOException {
    through.write(b);
    take((byte) b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    through.write(b, off, len);
    for (int i = off; i < off + len; i++) {
      take(b[i]);
    }
  }

  private void take(byte b) {
    if (b == '\n') {
      emit();
      return;
    }
    if (length == pending.length) {
      pending = Arrays.copyOf(pending, Math.min(pending.length * 2, MAX_LINE_BYTES));
    }
    pending[length++] = b;
    if (length == MAX_LINE_BYTES) {
      emit();
    }
  }

  private void emit() {
    int end = length > 0 && pending[length - 1] == '\r' ? length - 1 : length;
    String line = new String(pending, 0, end, charset);
    length = 0;
    if (pending.length > 4096) {
      pending = new byte[256];
    }
    lines.accept(line);
  }

  @Override
  public void flush() throws IOException {
    through.flush();
  }

  @Override
  public void close() throws IOException {
    through.close();
  }
}
