package io.jray.runtime.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process identified by pid AND start time (clock ticks since boot, field 22 of /proc/pid/stat), so a
 * reused pid is never mistaken for the process jray started.
 */
public record ProcessRecord(long pid, long startTicks) {

  /** The start time of a live process, read from /proc; empty when it is gone. */
  public static Optional<Long> startTicksOf(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
      // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
      String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // rest[0] is field 3 (state); field 22 is rest[19]. A zombie has exited and counts as gone.
      if (rest[0].equals("Z") || rest[0].equals("X")) {
        return Optional.empty();
      }
      return Optional.of(Long.parseLong(rest[19]));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public static Optional<ProcessRecord> of(long pid) {
    return startTicksOf(pid).map(t -> new ProcessRecord(pid, t));
  }

  public static ProcessRecord self() {
    long pid = ProcessHandle.current().pid();
    return of(pid).orElseThrow(() -> new IllegalStateException("cannot read /proc/" + pid + "/stat"));
  }

  /** Whether this very process (same pid, same start time) is still running. */
  public boolean isAlive() {
    return startTicksOf(pid).map(t -> t == startTicks).orElse(false);
  }

  /** Sends SIGTERM (or SIGKILL when forced) if, and only if, this very process is still running. */
  public boolean signal(boolean force) {
    if (!isAlive()) {
      return false;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty()) {
      return false;
    }
    return force ? handle.get().destroyForcibly() : handle.get().destroy();
  }
}
