package io.jray.cli;

import picocli.CommandLine.Option;

/** {@code --format=table|json} for commands that print state. */
public final class FormatMixin {
  /** Output formats. */
  public enum Format { table, json }

  @Option(names = "--format", defaultValue = "table", description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  public boolean json() {
    return format == Format.json;
  }
}
