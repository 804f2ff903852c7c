package io.jray.gcs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.jray.proto.NodeInfo;
import io.jray.proto.NodeState;
import io.jray.proto.ResourceMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A raylet's view refresh gets only the rows changed since its last: nothing at rest, the moved rows otherwise. */
@Timeout(30)
class NodeTableViewTest {
  private static final ResourceMap TWO = ResourceMap.newBuilder().putAmounts("CPU", 2.0).build();
  private static final ResourceMap ONE = ResourceMap.newBuilder().putAmounts("CPU", 1.0).build();

  private static ByteString id(String name) {
    return ByteString.copyFromUtf8(name);
  }

  private static NodeInfo node(String name) {
    return NodeInfo.newBuilder().setNodeId(id(name)).setNodeIp("127.0.0.1").setTotal(TWO).build();
  }

  private static List<String> names(NodeManager.View view) {
    return view.nodes().stream().map(n -> n.getNodeId().toStringUtf8()).toList();
  }

  @Test
  void refreshesCarryOnlyTheRowsChangedSinceTheLastAndEveryRowForAnotherEpoch() {
    NodeManager nodes = new NodeManager();
    nodes.register(node("a"));
    nodes.register(node("b"));
    nodes.register(node("c"));
    NodeManager.View first = nodes.view(0, "");
    assertFalse(first.changesOnly());
    assertEquals(List.of("a", "b", "c"), names(first));

    // At rest (reports that change nothing): an empty refresh.
    nodes.reportUsage(id("a"), TWO, List.of(), List.of());
    nodes.reportUsage(id("b"), TWO, List.of(), List.of());
    NodeManager.View rest = nodes.view(first.version(), first.epoch());
    assertTrue(rest.changesOnly());
    assertEquals(List.of(), names(rest));
    assertEquals(first.version(), rest.version());

    // One node's resources moved, another died: those two rows, each once.
    nodes.reportUsage(id("b"), ONE, List.of(), List.of());
    nodes.reportUsage(id("b"), TWO, List.of(), List.of());
    nodes.markDead(id("c"), "killed");
    NodeManager.View moved = nodes.view(rest.version(), rest.epoch());
    assertEquals(List.of("b", "c"), names(moved));
    assertEquals(NodeState.NODE_DEAD, moved.nodes().get(1).getState());
    assertEquals(List.of(), names(nodes.view(moved.version(), moved.epoch())));

    // A version of another GCS (it came back) or one this table never reached: every row.
    assertEquals(List.of("a", "b", "c"), names(nodes.view(moved.version(), "another epoch")));
    assertFalse(nodes.view(moved.version() + 5, moved.epoch()).changesOnly());
  }
}
