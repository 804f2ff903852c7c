package io.jray.bench;

import io.jray.api.ActorHandle;
import java.util.List;

/** Ray's {@code Client} of {@code ray_perf.py} calling async actors ({@code servers}). */
public class AsyncBenchClient {
  private final List<ActorHandle<AsyncBenchActor>> servers;

  public AsyncBenchClient(List<ActorHandle<AsyncBenchActor>> servers) {
    this.servers = List.copyOf(servers);
  }

  /** Answers once the client is up. */
  public int ping() {
    return servers.size();
  }

  /** {@code n} calls to each server, all submitted, then awaited. */
  public int smallValueBatch(int n) {
    Calls.submitAndGet(n * servers.size(), i -> servers.get(i / n).asyncTask(AsyncBenchActor::smallValue).remote());
    return 0;
  }
}
