package io.jray.objectstore;

import io.jray.node.DaemonArgs;
import io.jray.node.DaemonHost;
import io.jray.node.DaemonKind;
import java.nio.file.Path;

/**
 * The object store process: {@code --shm-dir} (its folder in /dev/shm, removed when it stops),
 * {@code --capacity-bytes}, {@code --spill-dir} (default a folder of its own under java.io.tmpdir) and
 * {@code --port}.
 */
public final class ObjectStoreMain {
  private ObjectStoreMain() {}

  public static void main(String[] args) throws Exception {
    DaemonHost host = new DaemonHost(DaemonKind.OBJECT_STORE, args);
    DaemonArgs options = host.args();
    Path shmDir = Path.of(options.get("shm-dir"));
    Path spillDir = Path.of(options.get("spill-dir", Path.of(System.getProperty("java.io.tmpdir"),
        "jray-spill-" + ProcessHandle.current().pid()).toString()));
    long capacity = options.getLong("capacity-bytes", 0);
    ObjectStoreServer store = ObjectStoreServer.create(StoreOptions.of(shmDir, spillDir, capacity), host.token());
    host.onShutdown(store::close);
    store.exportMetrics();
    host.serve(store.services());
    host.ready();
    host.awaitTermination();
  }
}
