package io.jray.cli.launcher;

import picocli.CommandLine.Option;

/** {@code --node-ip}: the host of the cluster a command works on, instead of the head. */
public final class NodeIpMixin {
  @Option(names = "--node-ip", paramLabel = "<host>", description = "Work on this host of the cluster instead of the head.")
  String nodeIp;
}
