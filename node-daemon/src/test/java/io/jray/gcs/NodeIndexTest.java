package io.jray.gcs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.jray.gcs.storage.FileStorage;
import io.jray.proto.NodeInfo;
import io.jray.proto.ResourceMap;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each node's 64-bit index (the external scheduler's wire id): given at join, kept for its life, never reused. */
class NodeIndexTest {
  @TempDir Path dir;

  private static NodeInfo node(String id) {
    return NodeInfo.newBuilder().setNodeId(ByteString.copyFromUtf8(id)).setNodeIp("127.0.0.1")
        .setTotal(ResourceMap.newBuilder().putAmounts("CPU", 1.0)).build();
  }

  private static long index(NodeManager nodes, String id) {
    return nodes.get(ByteString.copyFromUtf8(id)).orElseThrow().getNodeIndex();
  }

  @Test
  void indicesAreKeptWithTheNodeRowsAcrossAGcsRestartAndNeverReused() {
    try (FileStorage storage = FileStorage.open(dir)) {
      NodeManager nodes = new NodeManager(storage, storage.load());
      nodes.register(node("a"));
      nodes.register(node("b"));
      nodes.markDead(ByteString.copyFromUtf8("b"), "gone");
      // Registering again (a raylet whose GCS came back) keeps its index.
      nodes.register(node("a"));
      assertEquals(1, index(nodes, "a"));
      assertEquals(2, index(nodes, "b"));
    }
    try (FileStorage again = FileStorage.open(dir)) {
      NodeManager nodes = new NodeManager(again, again.load());
      assertEquals(1, index(nodes, "a"));
      assertEquals(2, index(nodes, "b"));
      nodes.register(node("c"));
      assertEquals(3, index(nodes, "c"), "a dead node's index is not given again");
    }
  }
}
