package io.jray.cli;

import io.jray.cli.launcher.AttachCommand;
import io.jray.cli.launcher.DownCommand;
import io.jray.cli.launcher.ExecCommand;
import io.jray.cli.launcher.GetHeadIpCommand;
import io.jray.cli.launcher.RsyncDownCommand;
import io.jray.cli.launcher.RsyncUpCommand;
import io.jray.cli.launcher.UpCommand;
import picocli.CommandLine.Command;

/** The top-level {@code jray} command: only a holder of subcommands. */
@Command(name = "jray", mixinStandardHelpOptions = true, versionProvider = JrayVersion.class,
    description = "Start, stop and inspect a jray cluster, and run Java programs on it.",
    subcommands = {StartCommand.class, StopCommand.class, StatusCommand.class, SubmitCommand.class, JobCommand.class, ListCommand.class, LogsCommand.class, ClasspathCommand.class, CompletionCommand.class, MicrobenchmarkCommand.class, ShellCommand.class,
        UpCommand.class, DownCommand.class, ExecCommand.class, AttachCommand.class, RsyncUpCommand.class,
        RsyncDownCommand.class, GetHeadIpCommand.class, TlsCommand.class, MetricsCommand.class, TimelineCommand.class,
        SummaryCommand.class, MemoryCommand.class, ExternalSchedulerCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {"  jray start --head", "  jray status", "  jray stop", "  jray up cluster.yaml"})
final class JrayCommand {
}
