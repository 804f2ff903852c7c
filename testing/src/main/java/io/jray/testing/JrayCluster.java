package io.jray.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a JUnit 5 test class a real jray cluster: before its first test, a head and {@code nodes - 1} more nodes
 * start on this host (real processes, random free ports, a fresh temp dir) and {@code Ray.init} connects this JVM
 * to it; after its last test, {@code Ray.shutdown} and every process stops, with nothing left (the nodes' reapers
 * end them even if the test JVM is killed). A test method may take a {@link JrayTestCluster} parameter.
 *
 * <pre>{@code
 * @JrayCluster(nodes = 2, cpusPerNode = 2)
 * class WordCountTest {
 *   @Test void counts() { assertEquals(3, WordCount.count(lines, 2).get("the")); }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(JrayClusterExtension.class)
public @interface JrayCluster {
  /** Nodes, the head included. */
  int nodes() default 1;

  /** CPUs each node offers. */
  double cpusPerNode() default 2;

  /** Object store size of each node, bytes. */
  long objectStoreBytes() default 128L << 20;

  /**
   * Runs tasks and actors on threads of the test's own JVM, with no daemon (jray's local mode, as Ray's
   * LOCAL_MODE): starts in milliseconds, for unit tests of user code; {@code nodes} and the sizes are ignored.
   */
  boolean localMode() default false;
}
