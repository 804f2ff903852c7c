package io.jray.bench.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Reads a child's output, line by line, on a daemon thread of its own, so the child never blocks on a full pipe. */
final class Lines {
  private Lines() {}

  /** Hands each line of {@code stream} to {@code onLine}; the future completes when the stream ends. */
  static CompletableFuture<Void> drain(InputStream stream, String threadName, Consumer<String> onLine) {
    CompletableFuture<Void> ended = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          onLine.accept(line);
        }
      } catch (IOException e) {
        // the child's end closed the pipe: the stream has ended either way
      }
      ended.complete(null);
    }, threadName);
    reader.setDaemon(true);
    reader.start();
    return ended;
  }
}
