package io.jray.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.Ray;
import io.jray.testing.JrayCluster;
import io.jray.testing.JrayTestCluster;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The word count example on a two-node cluster that {@code @JrayCluster} (module jray-testing) gives the class. */
@Order(2)
@JrayCluster(nodes = 2, cpusPerNode = 1)
class WordCountTest {

  @Test
  void mergesPartialCountsFromTasksOnBothNodes(JrayTestCluster cluster) {
    assertEquals(2, cluster.nodeIds().size(), "the extension started a head and one more node");
    assertEquals(2, Ray.getRuntimeContext().getAllNodeInfo().size(), "this JVM is connected to them");
    TreeMap<String, Integer> counts = WordCount.count(
        List.of("the quick brown fox", "the lazy dog", "The fox", "a dog and a fox"), 4);
    assertEquals(3, counts.get("the"));
    assertEquals(3, counts.get("fox"));
    assertEquals(2, counts.get("dog"));
    assertTrue(counts.keySet().stream().allMatch(w -> w.equals(w.toLowerCase())));
  }

  @Test
  void theClusterIsSharedByTheClassTests(JrayTestCluster cluster) {
    assertTrue(cluster.address().startsWith("127.0.0.1:"), cluster.address());
    assertEquals(1, WordCount.count(List.of("once"), 1).get("once"));
  }
}
