package io.jray.bench.peers;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The server side of a two-process measure: a JVM of its own running {@code main} on this class path, which
 * reports its port on stdout ({@link ChildSide}). Its output is drained by a thread of its own and its last
 * lines kept for the error that a failed start reports. {@link #close} ends it by pid (see {@link Processes} for
 * when this JVM ends first). Started and closed by the runner's thread.
 */
final class ChildJvm implements AutoCloseable {
  private static final int KEPT_LINES = 20;

  private final Process process;
  private final int port;

  private ChildJvm(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts {@code main} with {@code jvmOptions} and {@code args}, and waits until it reports its port. */
  static ChildJvm start(Class<?> main, List<String> jvmOptions, List<String> args)
      throws IOException, InterruptedException, TimeoutException {
    Process process =
        Processes.start(new ProcessBuilder(JavaCommand.of(main, jvmOptions, args)).redirectErrorStream(true));
    Deque<String> lastLines = new ArrayDeque<>();
    CompletableFuture<Integer> port = drainOutput(process, main.getSimpleName(), lastLines);
    try {
      return new ChildJvm(process, port.get(PeerSettings.START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      Processes.end(process);
      throw new TimeoutException(main.getSimpleName() + " did not report its port within "
          + PeerSettings.START_TIMEOUT.toSeconds() + " s" + lastLinesOf(lastLines));
    } catch (ExecutionException e) {
      Processes.end(process);
      throw new IOException(main.getSimpleName() + " exited before it reported its port" + lastLinesOf(lastLines));
    } catch (InterruptedException e) {
      Processes.end(process);
      throw e;
    }
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    Processes.end(process);
  }

  /** Reads the child's output until it ends; the future completes with the port its first port line names. */
  private static CompletableFuture<Integer> drainOutput(Process process, String name, Deque<String> lastLines) {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Lines.drain(process.getInputStream(), "peers-output-" + name, line -> {
      int announced = ChildSide.portIn(line);
      if (announced > 0) {
        port.complete(announced);
      } else {
        remember(lastLines, line);
      }
    }).thenRun(() -> port.completeExceptionally(new IOException("its output ended")));
    return port;
  }

  private static void remember(Deque<String> lastLines, String line) {
    synchronized (lastLines) {
      if (lastLines.size() == KEPT_LINES) {
        lastLines.removeFirst();
      }
      lastLines.addLast(line);
    }
  }

  private static String lastLinesOf(Deque<String> lastLines) {
    synchronized (lastLines) {
      return lastLines.isEmpty() ? " (it printed nothing)" : "; its last lines:\n  " + String.join("\n  ", lastLines);
    }
  }
}
