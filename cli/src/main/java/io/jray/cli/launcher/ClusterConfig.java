package io.jray.cli.launcher;

import com.google.gson.Gson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A cluster file ({@code cluster.yaml}) as {@link ClusterConfigLoader} read and validated it: who the head is, which
 * hosts the worker pools run on, how to reach them over SSH, and the commands that set them up and start jray.
 * Local paths are absolute; lists and maps are immutable and in file order.
 *
 * @param fileMounts remote path to local path, copied to every host before the setup commands
 */
public record ClusterConfig(
    Path file,
    String clusterName,
    Provider provider,
    Auth auth,
    Map<String, WorkerPool> workerPools,
    Map<String, Path> fileMounts,
    List<String> setupCommands,
    List<String> headStartCommands,
    List<String> workerStartCommands,
    Install install) {

  /** Started on the head when the file has no head_start_jray_commands. */
  public static final List<String> DEFAULT_HEAD_START =
      List.of("jray start --head --port=6379 --node-ip-address=$JRAY_NODE_IP");
  /** Started on each worker when the file has no worker_start_jray_commands. */
  public static final List<String> DEFAULT_WORKER_START =
      List.of("jray start --address=$JRAY_HEAD_ADDRESS --node-ip-address=$JRAY_NODE_IP");

  public ClusterConfig {
    workerPools = Collections.unmodifiableMap(new LinkedHashMap<>(workerPools));
    fileMounts = Collections.unmodifiableMap(new LinkedHashMap<>(fileMounts));
    setupCommands = List.copyOf(setupCommands);
    headStartCommands = List.copyOf(headStartCommands);
    workerStartCommands = List.copyOf(workerStartCommands);
  }

  /**
   * {@code install:}: {@code auto} (the default): {@code jray up} brings its own distribution to a host that lacks
   * it ({@link DistributionInstall}); {@code none}: jray must be on the PATH of a host's non-interactive SSH sessions
   * (or installed by setup_commands).
   */
  public enum Install {
    AUTO, NONE
  }

  /** {@code provider:}: only {@code local} (hosts that exist already, named by address) is supported. */
  public record Provider(String type, String headIp, List<String> workerIps) {
    public Provider {
      workerIps = List.copyOf(workerIps);
    }
  }

  /** {@code auth:}: how every host is reached. */
  public record Auth(String sshUser, Path sshPrivateKey, int sshPort, Path knownHosts) {}

  /**
   * {@code worker_pools.<name>:}: either fixed {@code hosts} or a {@code count} of hosts taken from
   * {@code provider.worker_ips}; {@code resources} and {@code startOptions} go on each host's {@code jray start}.
   */
  public record WorkerPool(String name, List<String> hosts, Integer count, Map<String, Double> resources,
      List<String> startOptions) {
    public WorkerPool {
      hosts = List.copyOf(hosts);
      resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
      startOptions = List.copyOf(startOptions);
    }

    /** The options this pool adds to {@code jray start}: its resources as flags, then its start_options. */
    public List<String> jrayStartOptions() {
      List<String> options = new ArrayList<>();
      Map<String, Double> custom = new TreeMap<>();
      resources.forEach((name, amount) -> {
        String flag = switch (name) {
          case "CPU" -> "--num-cpus=";
          case "GPU" -> "--num-gpus=";
          case "memory" -> "--memory=";
          case "object_store_memory" -> "--object-store-memory=";
          default -> null;
        };
        if (flag == null) {
          custom.put(name, amount);
        } else {
          options.add(flag + number(amount));
        }
      });
      if (!custom.isEmpty()) {
        options.add("--resources=" + new Gson().toJson(custom));
      }
      options.addAll(startOptions);
      return options;
    }

    private static String number(double amount) {
      return amount == Math.rint(amount) && Math.abs(amount) < 1e15 ? Long.toString((long) amount) : Double.toString(amount);
    }
  }

  /** Every host the file names: the head, the worker_ips and each pool's hosts, without repeats. */
  public Set<String> allHosts() {
    Set<String> hosts = new LinkedHashSet<>();
    hosts.add(provider.headIp());
    hosts.addAll(provider.workerIps());
    workerPools.values().forEach(p -> hosts.addAll(p.hosts()));
    return hosts;
  }
}
