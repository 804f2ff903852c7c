package io.jray.cli;

import picocli.CommandLine.Command;

/** The top-level {@code jray} command: only a holder of subcommands. */
@Command(name = "jray", mixinStandardHelpOptions = true, versionProvider = JrayVersion.class,
    description = "Start, stop and inspect a jray cluster, and run Java programs on it.",
    subcommands = {StartCommand.class, StopCommand.class, StatusCommand.class, SubmitCommand.class, JobCommand.class, ListCommand.class, ClasspathCommand.class, CompletionCommand.class, MicrobenchmarkCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {"  jray start --head", "  jray status", "  jray stop"})
final class JrayCommand {
}
