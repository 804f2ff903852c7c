package io.jray.bench;

import java.util.concurrent.CompletableFuture;

/** Ray's {@code AsyncActor} of {@code ray_perf.py}: an async actor whose methods answer small values as futures. */
public class AsyncBenchActor {
  private static final CompletableFuture<byte[]> OK = CompletableFuture.completedFuture(Tasks.OK);

  public CompletableFuture<byte[]> smallValue() {
    return OK;
  }

  public CompletableFuture<byte[]> smallValueWithArg(int x) {
    return OK;
  }
}
