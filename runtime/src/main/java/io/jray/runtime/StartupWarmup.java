package io.jray.runtime;

import io.jray.runtime.gcs.GcsClient;
import io.jray.runtime.object.ObjectRefImpl;
import io.jray.runtime.object.RefObserver;
import io.jray.runtime.packaging.ClasspathEntry;
import io.jray.runtime.serialization.ForySerializer;
import io.jray.runtime.serialization.Serializer;
import io.jray.runtime.worker.JobClassLoaders;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Work done ahead, so the first task does not wait for it. A driver's {@code Ray.init} starts {@link #forDriver} on
 * the other core while its main thread waits for the GCS: it hashes the driver's classpath (naming its code later
 * finds every jar known) and loads the serializer's classes through a throwaway serializer (Fory's classes were a
 * quarter of init's class loading). A warm worker runs {@link #forWarmWorker} before it asks for a job: what a job's
 * first task otherwise waited for once the job bound it. Nothing depends on either having finished; a failure here
 * only costs that time later.
 */
final class StartupWarmup {
  private static final Logger LOG = Logger.getLogger(StartupWarmup.class.getName());
  private static final RefObserver NO_REFS = new RefObserver() {
    @Override
    public void deserialized(List<ObjectRefImpl<?>> refs) {}

    @Override
    public void pin(List<ObjectRefImpl<?>> refs) {}
  };

  private StartupWarmup() {}

  /** Starts a driver's warm-up on a daemon thread of its own. */
  static void forDriver(String classpath) {
    Thread thread = new Thread(() -> {
      try {
        roundTrip(new ForySerializer(NO_REFS));
        ClasspathEntry.byHash(classpath);
      } catch (RuntimeException | LinkageError e) {
        LOG.log(Level.FINE, "driver warm-up failed", e);
      }
    }, "jray-init-warmup");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * A warm worker's warm-up, on its main thread before it waits for a job: the packages of jray's jars listed (a job
   * sharing libraries with jray names them), its serializer's classes loaded, its GCS channel connected.
   */
  static void forWarmWorker(Serializer serializer, GcsClient gcs) {
    try {
      JobClassLoaders.listJraysPackages();
      roundTrip(serializer);
      gcs.getAllJobInfo();
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "warm worker warm-up failed", e);
    }
  }

  private static void roundTrip(Serializer serializer) {
    serializer.deserialize(serializer.serialize(new Object[] {1, "warm", List.of(2L)}, new ArrayList<>()));
  }
}
