package io.jray.bench.peers;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Starts this JVM's child processes and ends them by pid, with whatever they started in turn. Those not yet
 * ended when this JVM is stopped (SIGTERM, Ctrl-C) are ended by a shutdown hook; if it is killed, each child
 * ends itself ({@link ChildSide#exitWithParent}). Thread-safe.
 */
final class Processes {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Processes::end), "peers-end-children"));
  }

  private Processes() {}

  /** Starts {@code builder}'s command with nothing on its stdin. */
  static Process start(ProcessBuilder builder) throws IOException {
    Process process = builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    LIVE.add(process);
    return process;
  }

  /**
   * SIGTERM to {@code process} and its descendants (their shutdown hooks run), SIGKILL to any still alive after
   * {@link PeerSettings#STOP_TIMEOUT}; returns once all have exited or a second timeout has passed.
   */
  static void end(Process process) {
    List<ProcessHandle> all =
        Stream.concat(Stream.of(process.toHandle()), process.toHandle().descendants()).toList();
    all.forEach(ProcessHandle::destroy);
    if (!awaitExit(all)) {
      all.forEach(ProcessHandle::destroyForcibly);
      awaitExit(all);
    }
    LIVE.remove(process);
  }

  private static boolean awaitExit(List<ProcessHandle> processes) {
    long deadline = System.nanoTime() + PeerSettings.STOP_TIMEOUT.toNanos();
    for (ProcessHandle p : processes) {
      try {
        p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // ends them by force, without waiting
        return false;
      } catch (ExecutionException e) {
        throw new IllegalStateException(e); // onExit never fails
      }
    }
    return true;
  }
}
