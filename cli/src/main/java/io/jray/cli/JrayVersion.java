package io.jray.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code jray --version}: the version from the jar's manifest (the Maven project version). */
public final class JrayVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = JrayVersion.class.getPackage().getImplementationVersion();
    return new String[] {"jray " + (version != null ? version : "development build"),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")"};
  }
}
