package io.jray.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jray completion bash|zsh}: the shell completion script, generated from the command model. */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = "Print the bash or zsh completion script for jray.",
    footerHeading = "%nExamples:%n",
    footer = {"  source <(jray completion bash)", "  jray completion zsh > \"${fpath[1]}/_jray\""})
final class CompletionCommand implements Callable<Integer> {
  /** The shells there is a script for. */
  enum Shell { bash, zsh }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "One of: ${COMPLETION-CANDIDATES}.")
  Shell shell;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(script(shell));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  /** The script for a shell; zsh runs the bash one through bashcompinit, as picocli's scripts are meant to. */
  static String script(Shell shell) {
    String bash = AutoComplete.bash("jray", Main.commandLine());
    if (shell == Shell.bash) {
      return bash;
    }
    return "#compdef jray\n# zsh completion for jray: the bash completion, through bashcompinit.\n"
        + "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + bash;
  }

  /** Writes completions/jray.bash and completions/_jray (run by hand after a command changes). */
  public static void main(String[] args) throws java.io.IOException {
    java.nio.file.Path dir = java.nio.file.Path.of(args.length > 0 ? args[0] : "completions");
    java.nio.file.Files.createDirectories(dir);
    java.nio.file.Files.writeString(dir.resolve("jray.bash"), script(Shell.bash));
    java.nio.file.Files.writeString(dir.resolve("_jray"), script(Shell.zsh));
  }

}
