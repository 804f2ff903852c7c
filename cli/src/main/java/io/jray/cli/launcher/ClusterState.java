package io.jray.cli.launcher;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.jray.cli.CliException;
import io.jray.runtime.config.JrayConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code jray up} last started for one cluster, kept in {@code <clusters_dir>/<cluster_name>.json} (default
 * {@code ~/.jray/clusters}, overridden by {@code JRAY_CLUSTERS_DIR}): the head (host, GCS address, fingerprint of
 * its configuration) and each worker host (its pool and fingerprint). {@code up} compares it with the file to know
 * what to start, restart and stop. Every change is written at once (atomically), so a run cut short still leaves a
 * true record. Pool threads call it concurrently: its methods are synchronized.
 */
final class ClusterState {
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting()
      .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();

  /** The head as started: its host, the address of its GCS, and the fingerprint of what started it. */
  record Head(String host, String address, String fingerprint) {}

  /** A worker host as started: its pool and the fingerprint of what started it. */
  record Worker(String pool, String fingerprint) {}

  /** The file's content. */
  private record Saved(String clusterName, String configFile, Head head, Map<String, Worker> workers) {}

  private final Path file;
  private final String clusterName;
  private final String configFile;
  private Head head;
  private final Map<String, Worker> workers = new LinkedHashMap<>();

  private ClusterState(Path file, String clusterName, String configFile) {
    this.file = file;
    this.clusterName = clusterName;
    this.configFile = configFile;
  }

  static Path directory() {
    String configured = JrayConfig.CLUSTERS_DIR.get();
    return configured.isBlank() ? Path.of(System.getProperty("user.home"), ".jray", "clusters") : Path.of(configured);
  }

  /** The recorded state of the cluster, or an empty one when it was never brought up (or was taken down). */
  static ClusterState load(ClusterConfig config) {
    Path file = directory().resolve(config.clusterName() + ".json");
    ClusterState state = new ClusterState(file, config.clusterName(), config.file().toString());
    try {
      Saved saved = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Saved.class);
      if (saved != null) {
        state.head = saved.head();
        if (saved.workers() != null) {
          state.workers.putAll(saved.workers());
        }
      }
    } catch (NoSuchFileException e) {
      // never brought up
    } catch (IOException | JsonParseException e) {
      throw new CliException("Cannot read the state of cluster '" + config.clusterName() + "' in " + file + " ("
          + e.getMessage() + "); remove the file if it is damaged, then run 'jray up' again.");
    }
    return state;
  }

  synchronized Head head() {
    return head;
  }

  synchronized Map<String, Worker> workers() {
    return Map.copyOf(workers);
  }

  synchronized boolean isEmpty() {
    return head == null && workers.isEmpty();
  }

  /** A (re)started head: the workers recorded so far belonged to the GCS that is gone. */
  synchronized void headStarted(Head started) {
    head = started;
    workers.clear();
    save();
  }

  synchronized void workerStarted(String host, Worker worker) {
    workers.put(host, worker);
    save();
  }

  synchronized void workerStopped(String host) {
    workers.remove(host);
    save();
  }

  /** The head was stopped: the cluster is gone, and so is its file. */
  synchronized void headStopped() {
    head = null;
    workers.clear();
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new CliException("Cannot remove " + file + ": " + e.getMessage() + ".");
    }
  }

  Path file() {
    return file;
  }

  private void save() {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, GSON.toJson(new Saved(clusterName, configFile, head, workers)) + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new CliException("Cannot record the state of cluster '" + clusterName + "' in " + file + ": "
          + e.getMessage() + ".");
    }
  }
}
