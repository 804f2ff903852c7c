package io.jray.bench.peers;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** What the Hazelcast member and its client are both configured with. */
final class HazelcastOptions {
  /** The names of the executor and the map the workloads use. */
  static final String EXECUTOR = "bench";
  static final String MAP = "bench";
  /** The id of {@link #FACTORY}, which builds this module's task from its serialized form. */
  static final int FACTORY_ID = 7_001;
  static final DataSerializableFactory FACTORY =
      classId -> classId == SmallTask.CLASS_ID ? new SmallTask() : null;
  /** No phoning home (no network here anyway) and logging through java.util.logging, quietened below. */
  static final Map<String, String> PROPERTIES = Map.of(
      "hazelcast.phone.home.enabled", "false",
      "hazelcast.logging.type", "jdk");
  /**
   * The JDK internals Hazelcast asks to be opened to it "for the best performance results" (its start-up warning
   * names them), for its member's JVM and its client's. Not for other JVMs: they slow a JVM's start by ~20 ms.
   */
  static final List<String> JVM_OPTIONS = List.of("--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");
  /** Held, so that the level set on it stays: java.util.logging keeps only weak references to loggers. */
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

  private HazelcastOptions() {}

  /** Warnings and errors only: a benchmark's output is its result lines. */
  static void quietLogging() {
    HAZELCAST_LOG.setLevel(Level.WARNING);
  }
}
