package io.jray.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --address} (else JRAY_ADDRESS, else the address file in the temp dir) for commands that talk to a cluster. */
public final class AddressMixin {
  @Option(names = "--address", paramLabel = "<host:port>",
      description = "The cluster's GCS address (default: $JRAY_ADDRESS, else the address file of the last head started here).")
  String address;

  @Mixin
  TempDirMixin tempDir;
}
