package io.jray.bench;

import io.jray.api.ActorHandle;
import io.jray.api.Ray;
import java.util.List;

/** The actor workloads: calls from the driver to one actor, and between sets of actors. */
final class ActorWorkloads {
  /** Calls per batch of the 1:1 async workloads (Ray: 1,000). */
  static final int BATCH = 1000;
  /** Max concurrency of the actor in {@code 1_1_actor_calls_concurrent} (Ray: 16). */
  static final int CONCURRENCY = 16;
  /** Calls per server per batch in {@code 1_n} and per task in {@code n_n} (Ray: 5,000). */
  static final int CALLS_PER_CLIENT = 5000;
  /** Calling tasks in {@code n_n_actor_calls_async} (Ray: 4). */
  static final int N_N_CALLERS = 4;
  /** Calls per client per batch in {@code n_n_actor_calls_with_arg_async} (Ray: 1,000). */
  static final int CALLS_WITH_ARG = 1000;

  private ActorWorkloads() {}

  /** Ray's {@code n_cpu}: half this host's CPUs, at least one. */
  static int servers() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  static Workload oneToOneSync() {
    return Workload.of("1_1_actor_calls_sync", s -> {
      ActorSet<BenchActor> actor = oneActor(1);
      return Trial.of(1, () -> actor.get(0).task(BenchActor::smallValue).remote().get(), actor::close);
    });
  }

  static Workload oneToOneAsync() {
    return oneToOneBatches("1_1_actor_calls_async", 1);
  }

  static Workload oneToOneConcurrent() {
    return oneToOneBatches("1_1_actor_calls_concurrent", CONCURRENCY);
  }

  private static Workload oneToOneBatches(String name, int maxConcurrency) {
    return Workload.of(name, s -> {
      int n = s.batch(BATCH);
      ActorSet<BenchActor> actor = oneActor(maxConcurrency);
      return Trial.of(n, () -> Calls.submitAndGet(n, i -> actor.get(0).task(BenchActor::smallValue).remote()),
          actor::close);
    });
  }

  private static ActorSet<BenchActor> oneActor(int maxConcurrency) {
    return ActorSet.start(1, i -> Ray.actor(BenchActor::new).setMaxConcurrency(maxConcurrency).remote(),
        BenchActor::smallValue);
  }

  /** One client actor calling every server actor. */
  static Workload oneToN() {
    return Workload.of("1_n_actor_calls_async", s -> {
      int n = s.batch(CALLS_PER_CLIENT);
      ActorSet<BenchActor> servers = serverActors();
      ActorSet<BenchClient> client = clients(List.of(servers.handles()));
      return Trial.of((double) n * servers.size(),
          () -> client.get(0).task(BenchClient::smallValueBatch, n).remote().get(), () -> closeAll(client, servers));
    });
  }

  /** Several tasks, each calling every server actor. */
  static Workload nToN() {
    return Workload.of("n_n_actor_calls_async", s -> {
      int n = s.batch(CALLS_PER_CLIENT);
      ActorSet<BenchActor> servers = serverActors();
      return Trial.of((double) n * N_N_CALLERS, () -> Calls.submitAndGet(N_N_CALLERS,
          i -> Ray.task(Tasks::callActors, servers.handles(), n).remote()), servers::close);
    });
  }

  /** One client actor per server actor, each call with an object ref argument. */
  static Workload nToNWithArg() {
    return Workload.of("n_n_actor_calls_with_arg_async", s -> {
      int n = s.batch(CALLS_WITH_ARG);
      ActorSet<BenchActor> servers = serverActors();
      ActorSet<BenchClient> clients = clients(servers.handles().stream().map(List::of).toList());
      return Trial.of((double) n * clients.size(), () -> Calls.submitAndGet(clients.size(),
          i -> clients.get(i).task(BenchClient::smallValueBatchArg, n).remote()), () -> closeAll(clients, servers));
    });
  }

  private static ActorSet<BenchActor> serverActors() {
    return ActorSet.start(servers(), i -> Ray.actor(BenchActor::new).remote(), BenchActor::smallValue);
  }

  /** One client actor per entry of {@code serversOfEach}, calling those servers. */
  private static ActorSet<BenchClient> clients(List<List<ActorHandle<BenchActor>>> serversOfEach) {
    return ActorSet.start(serversOfEach.size(), i -> Ray.actor(BenchClient::new, serversOfEach.get(i)).remote(),
        BenchClient::ping);
  }

  private static void closeAll(ActorSet<?>... sets) {
    for (ActorSet<?> set : sets) {
      set.close();
    }
  }
}
