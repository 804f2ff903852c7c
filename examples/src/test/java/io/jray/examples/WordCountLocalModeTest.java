package io.jray.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.Ray;
import io.jray.testing.JrayCluster;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The same word count as a unit test in local mode: no process started, the tasks run on this JVM's threads. */
@Order(1)
@JrayCluster(localMode = true)
class WordCountLocalModeTest {

  @Test
  void countsInLocalModeWithoutAnyDaemon() {
    assertTrue(Ray.getRuntimeContext().isLocalMode());
    long before = ProcessHandle.current().descendants().count();
    TreeMap<String, Integer> counts = WordCount.count(List.of("the quick brown fox", "the lazy dog", "The fox"), 3);
    assertEquals(3, counts.get("the"));
    assertEquals(2, counts.get("fox"));
    assertEquals(before, ProcessHandle.current().descendants().count(), "local mode starts no process");
  }
}
