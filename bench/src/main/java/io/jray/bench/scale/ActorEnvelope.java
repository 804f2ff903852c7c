package io.jray.bench.scale;

import io.jray.api.ActorHandle;
import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The actor rows of the scalability envelope: idle actors on the real head, each in its own worker JVM; their
 * creation rate and the resident memory of an idle actor's worker, extrapolated to a 24 GiB node. The count stops
 * short of half the machine's available memory, whatever was asked.
 */
final class ActorEnvelope {
  private static final double NODE_GIB = 24;

  private final ScaleBench.Settings settings;
  private final ScaleBench.Output out;

  ActorEnvelope(ScaleBench.Settings settings, ScaleBench.Output out) {
    this.settings = settings;
    this.out = out;
  }

  void run() throws Exception {
    Ray.init(settings.gcs().toString());
    try {
      List<ActorHandle<ScaleActor>> actors = new ArrayList<>();
      List<Long> pids = new ArrayList<>();
      double budgetMb = availableMemoryMb() / 2;
      long start = System.nanoTime();
      double rss = 0;
      while (actors.size() < settings.idleActors()) {
        int batch = Math.min(10, settings.idleActors() - actors.size());
        List<ObjectRef<Long>> created = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
          ActorHandle<ScaleActor> actor = Ray.actor(ScaleActor::new).remote();
          actors.add(actor);
          created.add(actor.task(ScaleActor::pid).remote());
        }
        pids.addAll(Ray.get(created));
        rss = medianRssMb(pids);
        if (rss * (actors.size() + batch) > budgetMb) {
          out.note("stopped at " + actors.size() + " actors: more would pass half the machine's available memory");
          break;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      out.figure("idle_actors", actors.size());
      out.figure("actor_creations_per_s", actors.size() / seconds);
      out.figure("idle_actor_worker_rss_mb", rss);
      out.figure("actors_per_24gib_node", Math.floor(NODE_GIB * 1024 / rss));
      actors.forEach(a -> a.kill());
    } finally {
      Ray.shutdown();
    }
  }

  private static double medianRssMb(List<Long> pids) throws java.io.IOException {
    List<Double> rss = new ArrayList<>();
    for (long pid : pids) {
      rss.add(new ProcessProbe(pid).rssMb());
    }
    return ScaleBench.median(rss);
  }

  private static double availableMemoryMb() throws java.io.IOException {
    Matcher m = Pattern.compile("MemAvailable:\\s+(\\d+) kB").matcher(Files.readString(Path.of("/proc/meminfo")));
    return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : 4096;
  }
}
