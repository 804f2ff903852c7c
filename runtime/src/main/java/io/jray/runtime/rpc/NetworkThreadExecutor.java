package io.jray.runtime.rpc;

import io.grpc.netty.shaded.io.netty.util.concurrent.FastThreadLocalThread;
import io.jray.runtime.process.DaemonThreads;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a call's callbacks on the network thread that delivered them, instead of handing each one to another
 * thread: on a busy machine that hand-off (a wake-up and a context switch per message) costs more than the
 * message itself. A callback that arrives on any other thread (gRPC reports a call that failed to start on the
 * caller's thread) goes to a pool, so a caller holding a lock never re-enters its own observer. Observers run by
 * it must not block.
 */
final class NetworkThreadExecutor implements Executor {
  static final NetworkThreadExecutor INSTANCE = new NetworkThreadExecutor();

  private final ExecutorService elsewhere = Executors.newCachedThreadPool(DaemonThreads.named("grpc-callback"));

  private NetworkThreadExecutor() {}

  @Override
  public void execute(Runnable callback) {
    if (Thread.currentThread() instanceof FastThreadLocalThread) {
      callback.run();
    } else {
      elsewhere.execute(callback);
    }
  }
}
