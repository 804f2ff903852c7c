package io.jray.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What this JVM prints to System.out and System.err while it is open (still printed as well), for tests of what a
 * driver shows; closing puts the streams back.
 */
public final class CapturedOutput implements AutoCloseable {
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  public CapturedOutput() {
    System.setOut(new PrintStream(new Tee(out, outBytes), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(err, errBytes), true, StandardCharsets.UTF_8));
  }

  public String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  public String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    System.setOut(out);
    System.setErr(err);
  }

  private static final class Tee extends OutputStream {
    private final PrintStream a;
    private final ByteArrayOutputStream b;

    Tee(PrintStream a, ByteArrayOutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) {
      synchronized (b) {
        b.write(x);
      }
      a.write(x);
    }

    @Override
    public void write(byte[] x, int off, int len) {
      synchronized (b) {
        b.write(x, off, len);
      }
      a.write(x, off, len);
    }

    @Override
    public void flush() {
      a.flush();
    }
  }
}
