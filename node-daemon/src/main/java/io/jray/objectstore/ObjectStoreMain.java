package io.jray.objectstore;

import io.jray.node.DaemonHost;
import io.jray.node.DaemonKind;
import java.nio.file.Path;
import java.util.List;

/** The object store process: the node's shared memory, under {@code --shm-dir}. */
public final class ObjectStoreMain {
  private ObjectStoreMain() {}

  public static void main(String[] args) throws Exception {
    DaemonHost host = new DaemonHost(DaemonKind.OBJECT_STORE, args);
    SharedMemoryDir shm = SharedMemoryDir.create(Path.of(host.args().get("shm-dir")));
    long capacity = host.args().getLong("capacity-bytes", 0);
    host.onShutdown(shm::delete);
    host.serve(List.of(new ObjectStoreService(shm, capacity)));
    host.ready();
    host.awaitTermination();
  }
}
