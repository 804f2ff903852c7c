package io.jray.bench;

import io.jray.api.ActorHandle;
import io.jray.api.Ray;
import java.util.List;

/**
 * Ray's async-actor workloads of {@code ray microbenchmark}: calls to actors whose methods return futures
 * ({@link AsyncBenchActor}), from the driver and from other actors and tasks. Sizes as {@link ActorWorkloads}'.
 */
final class AsyncActorWorkloads {
  private AsyncActorWorkloads() {}

  static Workload oneToOneSync() {
    return Workload.of("1_1_async_actor_calls_sync", s -> {
      ActorSet<AsyncBenchActor> actor = servers(1);
      return Trial.of(1, () -> actor.get(0).asyncTask(AsyncBenchActor::smallValue).remote().get(), actor::close);
    });
  }

  static Workload oneToOneAsync() {
    return Workload.of("1_1_async_actor_calls_async", s -> {
      int n = s.batch(ActorWorkloads.BATCH);
      ActorSet<AsyncBenchActor> actor = servers(1);
      return Trial.of(n, () -> Calls.submitAndGet(n,
          i -> actor.get(0).asyncTask(AsyncBenchActor::smallValue).remote()), actor::close);
    });
  }

  static Workload oneToOneWithArgsAsync() {
    return Workload.of("1_1_async_actor_calls_with_args_async", s -> {
      int n = s.batch(ActorWorkloads.BATCH);
      ActorSet<AsyncBenchActor> actor = servers(1);
      return Trial.of(n, () -> Calls.submitAndGet(n,
          i -> actor.get(0).asyncTask(AsyncBenchActor::smallValueWithArg, i).remote()), actor::close);
    });
  }

  /** One client actor calling every async server actor. */
  static Workload oneToN() {
    return Workload.of("1_n_async_actor_calls_async", s -> {
      int n = s.batch(ActorWorkloads.CALLS_PER_CLIENT);
      ActorSet<AsyncBenchActor> servers = servers(ActorWorkloads.servers());
      ActorSet<AsyncBenchClient> client = ActorSet.start(1,
          i -> Ray.actor(AsyncBenchClient::new, servers.handles()).remote(), AsyncBenchClient::ping);
      return Trial.of((double) n * servers.size(),
          () -> client.get(0).task(AsyncBenchClient::smallValueBatch, n).remote().get(), () -> {
            client.close();
            servers.close();
          });
    });
  }

  /** Several tasks, each calling every async server actor. */
  static Workload nToN() {
    return Workload.of("n_n_async_actor_calls_async", s -> {
      int n = s.batch(ActorWorkloads.CALLS_PER_CLIENT);
      ActorSet<AsyncBenchActor> servers = servers(ActorWorkloads.servers());
      return Trial.of((double) n * ActorWorkloads.N_N_CALLERS, () -> Calls.submitAndGet(ActorWorkloads.N_N_CALLERS,
          i -> Ray.task(AsyncActorWorkloads::callServers, servers.handles(), n).remote()), servers::close);
    });
  }

  /** A task of {@code n_n_async_actor_calls_async}: {@code n} calls spread over the servers, then awaited. */
  public static int callServers(List<ActorHandle<AsyncBenchActor>> servers, int n) {
    Calls.submitAndGet(n, i -> servers.get(i % servers.size()).asyncTask(AsyncBenchActor::smallValue).remote());
    return 0;
  }

  private static ActorSet<AsyncBenchActor> servers(int count) {
    return ActorSet.start(count, i -> Ray.actor(AsyncBenchActor::new).remote(), AsyncBenchActor::smallValue);
  }
}
