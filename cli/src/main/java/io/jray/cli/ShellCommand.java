package io.jray.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code jray shell}: an interactive prompt that runs jray commands in this JVM. The jline code lives in
 * {@link JrayShell}, which only {@link #call()} touches, so {@code jray --help} never loads jline.
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
    description = "An interactive prompt that runs jray commands, with history and tab completion of commands, "
        + "options, node ids, job ids and actor names.",
    footerHeading = "%nExamples:%n",
    footer = {"  jray shell", "  jray shell --address=10.0.0.5:6379",
              "  jray> list nodes       (then: logs --node <Tab>, status, help, exit)"})
final class ShellCommand implements Callable<Integer> {
  @Mixin AddressMixin address;
  @Mixin VerboseMixin verbose;

  @Override
  public Integer call() throws Exception {
    return new JrayShell(address, verbose.verbose).run();
  }
}
