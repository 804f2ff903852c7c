package io.jray.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}: show stack traces of failures. */
public final class VerboseMixin {
  @Option(names = "--verbose", description = "Show stack traces of failures.")
  boolean verbose;
}
