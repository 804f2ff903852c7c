package io.jray.cli.launcher;

import io.jray.cli.CliException;
import io.jray.cli.ExitCodes;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a cluster file into a {@link ClusterConfig} and validates it. Every problem is a usage error (exit 2) of one
 * sentence that names the file, the line and the key. Relative local paths are taken from the file's folder.
 */
public final class ClusterConfigLoader {
  private static final List<String> TOP = List.of("cluster_name", "provider", "auth", "worker_pools", "file_mounts",
      "setup_commands", "head_start_jray_commands", "worker_start_jray_commands", "install");
  private static final List<String> PROVIDER = List.of("type", "head_ip", "worker_ips");
  private static final List<String> AUTH = List.of("ssh_user", "ssh_private_key", "ssh_port", "known_hosts");
  private static final List<String> POOL = List.of("hosts", "count", "resources", "start_options");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:%-]*");

  private ClusterConfigLoader() {}

  public static ClusterConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new CliException("The cluster file " + file + " does not exist.", ExitCodes.USAGE, e);
    } catch (IOException e) {
      throw new CliException("Cannot read the cluster file " + file + ": " + e.getMessage() + ".", ExitCodes.USAGE, e);
    }
    return parse(file.toAbsolutePath().normalize(), text);
  }

  /** Parses the text of {@code file} (which need not exist: its folder anchors relative paths). */
  static ClusterConfig parse(Path file, String text) {
    String name = file.getFileName().toString();
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 1;
      throw new CliException(name + ", line " + line + ": this is not valid YAML (" + e.getProblem() + ").",
          ExitCodes.USAGE, e);
    } catch (YAMLException e) {
      throw new CliException(name + " is not valid YAML: " + e.getMessage() + ".", ExitCodes.USAGE, e);
    }
    if (root == null) {
      throw new CliException(name + " is empty; it needs at least cluster_name, provider and auth (see cluster-configs/).",
          ExitCodes.USAGE, null);
    }
    YamlMapping top = YamlMapping.root(name, root).allowOnly(TOP);
    Path dir = file.getParent();

    String clusterName = top.requiredString("cluster_name");
    if (!NAME.matcher(clusterName).matches()) {
      throw top.errorAt("cluster_name", "'cluster_name' must be letters, digits, '.', '_' or '-' (at most 64), not '"
          + clusterName + "'");
    }
    ClusterConfig.Provider provider = provider(top.requiredMapping("provider").allowOnly(PROVIDER));
    ClusterConfig.Auth auth = auth(top.requiredMapping("auth").allowOnly(AUTH), dir);
    Map<String, ClusterConfig.WorkerPool> pools = pools(top.mapping("worker_pools"), provider);

    Map<String, Path> mounts = new LinkedHashMap<>();
    top.mapping("file_mounts").stringValues().forEach((remote, local) -> mounts.put(remote, localPath(local, dir)));

    return new ClusterConfig(file, clusterName, provider, auth, pools, mounts, top.stringList("setup_commands"),
        startCommands(top, "head_start_jray_commands", ClusterConfig.DEFAULT_HEAD_START),
        startCommands(top, "worker_start_jray_commands", ClusterConfig.DEFAULT_WORKER_START), install(top));
  }

  private static ClusterConfig.Install install(YamlMapping top) {
    String install = top.optionalString("install").orElse("auto");
    return switch (install) {
      case "auto" -> ClusterConfig.Install.AUTO;
      case "none" -> ClusterConfig.Install.NONE;
      default -> throw top.errorAt("install", "'install' must be 'auto' (jray up brings jray to each host) or 'none' "
          + "(jray is on each host's PATH), not '" + install + "'");
    };
  }

  private static ClusterConfig.Provider provider(YamlMapping provider) {
    String type = provider.requiredString("type");
    if (!type.equals("local")) {
      throw provider.errorAt("type", "'provider.type' must be 'local' (hosts that already exist, reached over SSH); '"
          + type + "' is not supported");
    }
    String head = provider.requiredString("head_ip");
    if (!HOST.matcher(head).matches()) {
      throw provider.errorAt("head_ip", "'provider.head_ip' has '" + head + "', which is not a host name or address");
    }
    List<String> workers = provider.stringList("worker_ips");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < workers.size(); i++) {
      String w = workers.get(i);
      if (!HOST.matcher(w).matches()) {
        throw provider.errorAtItem("worker_ips", i, "'provider.worker_ips' has '" + w + "', which is not a host name or address");
      }
      if (w.equals(head)) {
        throw provider.errorAtItem("worker_ips", i, "'provider.worker_ips' lists the head " + head + "; the head is not a worker");
      }
      if (!seen.add(w)) {
        throw provider.errorAtItem("worker_ips", i, "'provider.worker_ips' lists " + w + " twice");
      }
    }
    return new ClusterConfig.Provider(type, head, workers);
  }

  private static ClusterConfig.Auth auth(YamlMapping auth, Path dir) {
    String user = auth.requiredString("ssh_user");
    Path key = localPath(auth.requiredString("ssh_private_key"), dir);
    int port = auth.optionalWholeNumber("ssh_port", 1, 65535).orElse(22L).intValue();
    Path knownHosts = localPath(auth.optionalString("known_hosts").orElse("~/.ssh/known_hosts"), dir);
    return new ClusterConfig.Auth(user, key, port, knownHosts);
  }

  private static Map<String, ClusterConfig.WorkerPool> pools(YamlMapping section, ClusterConfig.Provider provider) {
    Map<String, ClusterConfig.WorkerPool> pools = new LinkedHashMap<>();
    Map<String, String> poolOfHost = new HashMap<>();
    long counted = 0;
    String lastCounted = null;
    for (String name : section.keys()) {
      if (!NAME.matcher(name).matches()) {
        throw section.errorAt(name, "the pool name '" + name + "' must be letters, digits, '.', '_' or '-'");
      }
      if (!section.has(name)) {
        throw section.errorAt(name, "the pool '" + section.qualified(name) + "' needs 'hosts' or 'count'");
      }
      YamlMapping pool = section.mapping(name).allowOnly(POOL);
      boolean hasHosts = pool.has("hosts");
      boolean hasCount = pool.has("count");
      if (hasHosts == hasCount) {
        throw section.errorAt(name, "the pool '" + section.qualified(name) + "' needs exactly one of 'hosts' (a list) "
            + "or 'count' (hosts taken from provider.worker_ips)");
      }
      List<String> hosts = pool.stringList("hosts");
      for (int i = 0; i < hosts.size(); i++) {
        String h = hosts.get(i);
        if (!HOST.matcher(h).matches()) {
          throw pool.errorAtItem("hosts", i, "'" + pool.qualified("hosts") + "' has '" + h + "', which is not a host name or address");
        }
        if (h.equals(provider.headIp())) {
          throw pool.errorAtItem("hosts", i, "'" + pool.qualified("hosts") + "' lists the head " + h + "; the head is not a worker");
        }
        String other = poolOfHost.putIfAbsent(h, name);
        if (other != null) {
          throw pool.errorAtItem("hosts", i, "the host " + h + " is in two pools, '" + other + "' and '" + name + "'");
        }
      }
      Integer count = pool.optionalWholeNumber("count", 0, 10_000).map(Long::intValue).orElse(null);
      if (count != null) {
        counted += count;
        lastCounted = name;
      }
      Map<String, Double> resources = pool.mapping("resources").numberValues();
      for (Map.Entry<String, Double> r : resources.entrySet()) {
        if (r.getValue() < 0) {
          throw pool.mapping("resources").errorAt(r.getKey(), "'" + pool.qualified("resources." + r.getKey())
              + "' must be 0 or more, not " + r.getValue());
        }
      }
      pools.put(name, new ClusterConfig.WorkerPool(name, hosts, count, resources, pool.stringList("start_options")));
    }
    long free = provider.workerIps().stream().filter(h -> !poolOfHost.containsKey(h)).count();
    if (counted > free) {
      YamlMapping last = section.mapping(lastCounted);
      throw last.errorAt("count", "the pools with 'count' need " + counted + " hosts, but provider.worker_ips has only "
          + free + " not named by a pool's 'hosts'");
    }
    return pools;
  }

  private static List<String> startCommands(YamlMapping top, String key, List<String> defaults) {
    if (!top.has(key)) {
      return defaults;
    }
    List<String> commands = top.stringList(key);
    if (commands.isEmpty()) {
      throw top.errorAt(key, "'" + key + "' lists no command; leave the key out to use the default ("
          + String.join("; ", defaults) + ")");
    }
    return commands;
  }

  private static Path localPath(String path, Path dir) {
    Path p;
    if (path.equals("~")) {
      p = Path.of(System.getProperty("user.home"));
    } else if (path.startsWith("~/")) {
      p = Path.of(System.getProperty("user.home"), path.substring(2));
    } else {
      p = dir.resolve(path);
    }
    return p.toAbsolutePath().normalize();
  }
}
