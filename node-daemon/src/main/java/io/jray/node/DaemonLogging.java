package io.jray.node;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per event on stderr, which the launcher sends to {@code logs/<daemon>.err}, at the level of
 * {@code logging_level} ({@code jray start --logging-level}).
 */
final class DaemonLogging {
  private DaemonLogging() {}

  static void configure() {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    ConsoleHandler handler = new ConsoleHandler();
    handler.setLevel(Level.ALL);
    handler.setFormatter(new Formatter() {
      @Override
      public String format(LogRecord r) {
        StringBuilder line = new StringBuilder()
            .append(Instant.ofEpochMilli(r.getMillis())).append(' ')
            .append(r.getLevel()).append(' ')
            .append(r.getLoggerName().substring(r.getLoggerName().lastIndexOf('.') + 1)).append(": ")
            .append(formatMessage(r)).append('\n');
        if (r.getThrown() != null) {
          StringWriter trace = new StringWriter();
          r.getThrown().printStackTrace(new PrintWriter(trace));
          line.append(trace);
        }
        return line.toString();
      }
    });
    root.addHandler(handler);
    root.setLevel(io.jray.runtime.config.JrayConfig.loggingLevel());
    Logger.getLogger("io.grpc").setLevel(Level.WARNING);
    Logger.getLogger("io.grpc.netty.shaded").setLevel(Level.WARNING);
  }
}
