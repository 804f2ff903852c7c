package io.jray.bench;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import java.util.List;

/** Ray's {@code Client} of {@code ray_perf.py}: an actor that calls other actors ({@code servers}). */
public class BenchClient {
  private final List<ActorHandle<BenchActor>> servers;

  public BenchClient(List<ActorHandle<BenchActor>> servers) {
    this.servers = List.copyOf(servers);
  }

  /** Answers once the client is up. */
  public int ping() {
    return servers.size();
  }

  /** {@code n} calls to each server, all submitted, then awaited. */
  public int smallValueBatch(int n) {
    Calls.submitAndGet(n * servers.size(),
        i -> servers.get(i / n).task(BenchActor::smallValue).remote());
    return 0;
  }

  /** As {@link #smallValueBatch}, each call with an object ref argument the client put. */
  public int smallValueBatchArg(int n) {
    ObjectRef<Integer> x = Ray.put(0);
    Calls.submitAndGet(n * servers.size(),
        i -> servers.get(i / n).task(BenchActor::smallValueArg, x).remote());
    return 0;
  }
}
