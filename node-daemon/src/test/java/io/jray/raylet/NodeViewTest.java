package io.jray.raylet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.jray.proto.GetAllNodeInfoReply;
import io.jray.proto.NodeInfo;
import io.jray.proto.NodeState;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A raylet's copy of the node table: changed rows merged in, a full reply replacing it. */
@Timeout(30)
class NodeViewTest {
  private static NodeInfo node(String name, NodeState state) {
    return NodeInfo.newBuilder().setNodeId(ByteString.copyFromUtf8(name)).setState(state).build();
  }

  private static List<String> names(NodeView view) {
    return view.nodes().stream().map(n -> n.getNodeId().toStringUtf8() + ":" + n.getState()).toList();
  }

  @Test
  void changedRowsAreMergedAndAFullReplyReplacesTheCopy() {
    NodeView view = new NodeView();
    assertTrue(view.apply(GetAllNodeInfoReply.newBuilder().setVersion(3).setViewEpoch("e1")
        .addNodes(node("a", NodeState.NODE_ALIVE)).addNodes(node("b", NodeState.NODE_ALIVE)).build()));
    assertEquals(3, view.version());
    assertEquals("e1", view.epoch());

    assertFalse(view.apply(GetAllNodeInfoReply.newBuilder().setVersion(3).setViewEpoch("e1").setChangesOnly(true)
        .build()));
    assertEquals(List.of("a:NODE_ALIVE", "b:NODE_ALIVE"), names(view));

    assertTrue(view.apply(GetAllNodeInfoReply.newBuilder().setVersion(5).setViewEpoch("e1").setChangesOnly(true)
        .addNodes(node("b", NodeState.NODE_DEAD)).addNodes(node("c", NodeState.NODE_ALIVE)).build()));
    assertEquals(List.of("a:NODE_ALIVE", "b:NODE_DEAD", "c:NODE_ALIVE"), names(view));
    assertEquals(5, view.version());

    // A GCS that came back without "a": its full reply is the whole view.
    assertTrue(view.apply(GetAllNodeInfoReply.newBuilder().setVersion(1).setViewEpoch("e2")
        .addNodes(node("c", NodeState.NODE_ALIVE)).build()));
    assertEquals(List.of("c:NODE_ALIVE"), names(view));
    assertEquals("e2", view.epoch());
  }
}
