package io.jray.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What another JVM of this machine costs, read from outside: its used heap right after a full GC (asked with the
 * JDK's {@code jcmd}, of the same JDK the process runs), its resident memory and its CPU time (from {@code /proc}).
 */
final class ProcessProbe {
  private static final Pattern HEAP_USED = Pattern.compile("(?:heap|generation)\\s+total \\d+K, used (\\d+)K");
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
  /** Linux's USER_HZ, the unit of utime and stime in /proc/PID/stat. */
  private static final double TICKS_PER_SECOND = 100;

  private final long pid;

  ProcessProbe(long pid) {
    this.pid = pid;
  }

  /** The process's used heap in MiB after a full collection it is asked to run. */
  double usedHeapAfterGcMb() throws IOException, InterruptedException {
    jcmd("GC.run");
    // G1 prints one heap line; the serial collector (jray's daemons) one per generation: their sum.
    Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
    long kib = 0;
    boolean found = false;
    while (used.find()) {
      kib += Long.parseLong(used.group(1));
      found = true;
    }
    if (!found) {
      throw new IOException("jcmd GC.heap_info of pid " + pid + " printed no heap line");
    }
    return kib / 1024.0;
  }

  /** The first {@code top} rows of the process's class histogram (live objects by class), for a profile. */
  List<String> histogram(int top) throws IOException, InterruptedException {
    return jcmd("GC.class_histogram").lines().skip(1).limit(top + 2L).toList();
  }

  /** Resident memory in MiB. */
  double rssMb() throws IOException {
    Matcher rss = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    if (!rss.find()) {
      throw new IOException("/proc/" + pid + "/status has no VmRSS");
    }
    return Long.parseLong(rss.group(1)) / 1024.0;
  }

  /** User plus system CPU time so far, in seconds. */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // The command name (field 2) may hold spaces; fields after its closing parenthesis are plain.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }

  /** The share of one core the process used over {@code seconds}, in percent. */
  double cpuPercentOver(double seconds) throws IOException, InterruptedException {
    double before = cpuSeconds();
    long start = System.nanoTime();
    Thread.sleep((long) (seconds * 1000));
    double elapsed = (System.nanoTime() - start) / 1e9;
    return 100 * (cpuSeconds() - before) / elapsed;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    String java = ProcessHandle.of(pid).flatMap(p -> p.info().command())
        .orElseThrow(() -> new IOException("no process " + pid));
    Path jcmd = Path.of(java).resolveSibling("jcmd");
    Process process = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
        .redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("jcmd " + pid + " " + command + " failed: " + out.strip());
    }
    return out;
  }
}
