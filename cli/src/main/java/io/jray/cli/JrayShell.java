package io.jray.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The read-run loop of {@code jray shell} on jline3: reads a line (history, tab completion), runs it as a jray
 * command in this JVM through a fresh {@link Main#commandLine()}, and reads the next. A command's failure is
 * its exit code and message, never the end of the shell. Ctrl-C drops the line being typed, or interrupts the
 * running command; Ctrl-D or 'exit' leaves. Only this class and {@link ShellCompleter} use jline, so no other
 * command loads it. Runs on the thread that started the shell.
 */
final class JrayShell {
  /** Overrides where the history is kept (tests point it into their sandbox). */
  static final String ENV_HISTORY_FILE = "JRAY_HISTORY_FILE";
  private static final String PROMPT = "jray> ";

  private final AddressMixin address;
  private final boolean verbose;

  JrayShell(AddressMixin address, boolean verbose) {
    this.address = address;
    this.verbose = verbose;
  }

  static Path historyFile() {
    String override = System.getenv(ENV_HISTORY_FILE);
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    return Path.of(System.getProperty("user.home"), ".jray", "history");
  }

  /** Runs until Ctrl-D or 'exit'; returns the exit code of the last command run (0 if none), as a shell does. */
  int run() throws IOException {
    Path history = historyFile();
    Files.createDirectories(history.toAbsolutePath().getParent());
    // SIG_IGN routes the terminal's signals to the handlers below instead of the JVM's default (exit).
    try (Terminal terminal = TerminalBuilder.builder().name("jray").system(true).dumb(true)
        .signalHandler(Terminal.SignalHandler.SIG_IGN).build()) {
      LineReader reader = LineReaderBuilder.builder()
          .terminal(terminal)
          .appName("jray")
          .parser(new DefaultParser())
          .completer(new ShellCompleter(Main.commandLine().getCommandSpec(),
              new LiveValues(() -> ClusterConnection.open(address))::forLabel))
          .variable(LineReader.HISTORY_FILE, history)
          // The prompt starts on a line of its own even after output without a final newline (or an echoed ^C).
          .option(LineReader.Option.AUTO_FRESH_LINE, true)
          .build();
      PrintWriter out = terminal.writer();
      out.println("jray shell: type a jray command without 'jray'. Tab completes, 'help' lists the commands, "
          + "Ctrl-D or 'exit' leaves.");
      out.flush();
      int last = ExitCodes.OK;
      while (true) {
        List<String> words;
        try {
          reader.readLine(PROMPT);
          words = new ArrayList<>(reader.getParsedLine().words());
        } catch (UserInterruptException e) {
          continue; // Ctrl-C: the line is dropped
        } catch (EndOfFileException e) {
          break; // Ctrl-D
        }
        words.removeIf(String::isEmpty);
        if (!words.isEmpty() && words.get(0).equals("jray")) {
          words.remove(0);
        }
        if (words.isEmpty()) {
          continue;
        }
        if (words.get(0).equals("exit") || words.get(0).equals("quit")) {
          break;
        }
        last = execute(terminal, words);
      }
      reader.getHistory().save();
      return last;
    }
  }

  /** Runs one command; Ctrl-C while it runs interrupts it (commands that follow output then end). */
  private int execute(Terminal terminal, List<String> words) {
    PrintWriter out = terminal.writer();
    if (words.get(0).equals("help")) {
      if (words.size() == 1) {
        out.print(Main.commandLine().getUsageMessage());
        out.println();
        out.println("In the shell: 'help COMMAND' shows a command's help; 'exit' or Ctrl-D leaves; Tab completes "
            + "commands, options, node ids, job ids and actor names; Ctrl-C stops a running command.");
        out.flush();
        return ExitCodes.OK;
      }
      words = new ArrayList<>(words.subList(1, words.size()));
      words.add("--help");
    }
    if (words.get(0).equals("shell")) {
      out.println("This is the jray shell already.");
      out.flush();
      return ExitCodes.USAGE;
    }
    CommandLine command = Main.commandLine();
    command.setOut(out);
    command.setErr(out);
    command.setDefaultValueProvider(this::inherited);
    Thread self = Thread.currentThread();
    Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> self.interrupt());
    try {
      return command.execute(words.toArray(String[]::new));
    } catch (RuntimeException e) {
      // The error handler turns a command's failure into a sentence; this is anything that escaped it.
      out.println("Unexpected error: " + e + ".");
      return ExitCodes.FAILED;
    } finally {
      terminal.handle(Terminal.Signal.INT, previous);
      Thread.interrupted(); // a Ctrl-C that came as the command ended must not hit the next one
      System.out.flush();
      out.flush();
    }
  }

  /**
   * The shell's own --address, --temp-dir and --verbose are the defaults of the commands it runs (but not of
   * 'start --address', which names a head to join).
   */
  private String inherited(CommandLine.Model.ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    if (option.longestName().equals("--verbose")) {
      return verbose ? "true" : null;
    }
    if (option.longestName().equals("--address") && !option.command().name().equals("start")) {
      return address.address;
    }
    if (option.longestName().equals("--temp-dir") && address.tempDir.tempDir != null) {
      return address.tempDir.tempDir.toString();
    }
    return null;
  }
}
