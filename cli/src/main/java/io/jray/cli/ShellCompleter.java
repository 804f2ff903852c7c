package io.jray.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Tab completion for {@code jray shell}, derived from the picocli model: command and subcommand names, the
 * options of the command being typed, the values an option or parameter declares (enums), and live values
 * (node ids, job ids, actor names) for parameters whose label asks for them ({@link LiveValues}). jline
 * filters the candidates by what is typed. Called on the shell's reader thread.
 */
final class ShellCompleter implements Completer {
  /** Words the shell itself understands, with what they do. */
  static final Map<String, String> BUILTINS = Map.of(
      "help", "List the commands, or show one command's help",
      "exit", "Leave the shell (as Ctrl-D does)");

  private final CommandSpec root;
  private final Function<String, List<LiveValues.Value>> live;

  /** @param live the live values for a paramLabel ({@link LiveValues#forLabel} in the shell) */
  ShellCompleter(CommandSpec root, Function<String, List<LiveValues.Value>> live) {
    this.root = root;
    this.live = live;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    candidates.addAll(candidates(line.words().subList(0, line.wordIndex()), line.word().substring(0, line.wordCursor())));
  }

  /** What may stand where {@code current} is being typed after the complete words {@code before}. */
  List<Candidate> candidates(List<String> before, String current) {
    int i = !before.isEmpty() && before.get(0).equals("jray") ? 1 : 0;
    if (before.size() > i && before.get(i).equals("help")) {
      i++; // 'help COMMAND...': complete command names only
    }
    boolean helpOnly = i > 0 && before.get(i - 1).equals("help");
    CommandSpec spec = root;
    for (CommandLine sub; i < before.size() && (sub = spec.subcommands().get(before.get(i))) != null; i++) {
      spec = sub.getCommandSpec();
    }
    boolean nothingAfterCommand = i == before.size();
    if (helpOnly) {
      return nothingAfterCommand ? subcommands(spec) : List.of();
    }
    int positionals = 0;
    OptionSpec awaitingValue = null;
    for (; i < before.size(); i++) {
      String word = before.get(i);
      if (awaitingValue != null) {
        awaitingValue = null;
      } else if (word.startsWith("-") && word.length() > 1) {
        OptionSpec option = spec.findOption(word);
        awaitingValue = option != null && option.arity().min() > 0 ? option : null;
      } else {
        positionals++;
      }
    }
    if (awaitingValue != null) {
      return values(awaitingValue, "");
    }
    int eq = current.indexOf('=');
    if (current.startsWith("--") && eq > 0) {
      OptionSpec option = spec.findOption(current.substring(0, eq));
      return option == null ? List.of() : values(option, current.substring(0, eq + 1));
    }
    if (current.startsWith("-")) {
      return options(spec);
    }
    List<Candidate> out = new ArrayList<>();
    if (nothingAfterCommand) {
      out.addAll(subcommands(spec));
      if (spec == root) {
        BUILTINS.forEach((name, about) -> out.add(new Candidate(name, name, "shell", about, null, null, true)));
      }
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (p.index().contains(positionals)) {
        out.addAll(values(p, ""));
      }
    }
    return out.isEmpty() && spec.subcommands().isEmpty() ? options(spec) : out;
  }

  private static List<Candidate> subcommands(CommandSpec spec) {
    List<Candidate> out = new ArrayList<>();
    spec.subcommands().forEach((name, sub) -> {
      String[] about = sub.getCommandSpec().usageMessage().description();
      out.add(new Candidate(name, name, "commands", about.length > 0 ? about[0] : null, null, null, true));
    });
    return out;
  }

  private static List<Candidate> options(CommandSpec spec) {
    List<Candidate> out = new ArrayList<>();
    for (OptionSpec o : spec.options()) {
      if (o.hidden()) {
        continue;
      }
      String about = o.description().length > 0 ? o.description()[0] : null;
      for (String name : o.names()) {
        out.add(new Candidate(name, name, "options", about, null, o.longestName(), true));
      }
    }
    return out;
  }

  /** An argument's values, each preceded by {@code prefix} (e.g. "--format=" when typed as one word). */
  private List<Candidate> values(ArgSpec arg, String prefix) {
    List<Candidate> out = new ArrayList<>();
    if (LiveValues.isLive(arg.paramLabel())) {
      for (LiveValues.Value v : live.apply(arg.paramLabel())) {
        out.add(new Candidate(prefix + v.value(), v.value(), arg.paramLabel(), v.description(), null, null, true));
      }
    } else if (arg.completionCandidates() != null) {
      for (String v : arg.completionCandidates()) {
        out.add(new Candidate(prefix + v, v, arg.paramLabel(), null, null, null, true));
      }
    }
    return out;
  }
}
