package io.jray.cli;

import io.jray.api.exception.RayException;
import io.jray.api.exception.RayTaskException;
import io.jray.api.exception.RayTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the workload saw, judged by what the system guarantees under kills: a result it accepted is correct; a
 * call may instead fail with one of Ray's errors (a worker or actor died past its retries, a value was lost for
 * good); no call waits past its deadline (a timeout is a hang, never allowed); nothing else is thrown. Thread-safe.
 */
final class ChaosOutcomes {
  private final List<String> wrong = new ArrayList<>();
  private final List<String> hung = new ArrayList<>();
  private final List<String> unexpected = new ArrayList<>();
  private final Map<String, Integer> correct = new TreeMap<>();
  private final Map<String, Integer> rayErrors = new TreeMap<>();
  private final AtomicLong longestCallMs = new AtomicLong();
  private final long createdNanos = System.nanoTime();
  /** The calls that took longest (at most 5): when they started (s since this was made), what, how long. */
  private final List<String> slowest = new ArrayList<>();
  private final List<Long> slowestMs = new ArrayList<>();

  /**
   * Runs one call that waits on the cluster; returns its value when it came and passed {@code check}, else null
   * (the outcome is recorded either way).
   */
  <T> T call(String kind, String what, Supplier<T> call, Predicate<T> check) {
    long start = System.nanoTime();
    try {
      T value = call.get();
      if (check.test(value)) {
        synchronized (this) {
          correct.merge(kind, 1, Integer::sum);
        }
        return value;
      }
      record(wrong, kind + " " + what + ": wrong result");
      return null;
    } catch (RayTimeoutException e) {
      record(hung, kind + " " + what + ": " + e.getMessage());
    } catch (RayTaskException e) {
      // A task's own code here never throws: what it raised came from reading a lost value in the worker.
      if (String.valueOf(e.getMessage()).contains("RayTimeoutException")) {
        record(hung, kind + " " + what + " (inside the task): " + e.getMessage());
      } else {
        rayError(e);
      }
    } catch (RayException e) {
      rayError(e);
    } catch (RuntimeException e) {
      record(unexpected, kind + " " + what + ": " + e);
    } finally {
      long ms = (System.nanoTime() - start) / 1_000_000;
      longestCallMs.accumulateAndGet(ms, Math::max);
      slow(String.format("%.1f s: %s %s took %d ms", (start - createdNanos) / 1e9, kind, what, ms), ms);
    }
    return null;
  }

  private synchronized void slow(String line, long ms) {
    int at = 0;
    while (at < slowestMs.size() && slowestMs.get(at) >= ms) {
      at++;
    }
    if (at < 5) {
      slowest.add(at, line);
      slowestMs.add(at, ms);
      if (slowest.size() > 5) {
        slowest.remove(5);
        slowestMs.remove(5);
      }
    }
  }

  synchronized void rayError(RayException e) {
    rayErrors.merge(e.getClass().getSimpleName(), 1, Integer::sum);
  }

  /** Something the workload itself found wrong (a value read back different). */
  void wrong(String what) {
    record(wrong, what);
  }

  private synchronized void record(List<String> list, String line) {
    list.add(line);
  }

  synchronized List<String> wrong() {
    return List.copyOf(wrong);
  }

  synchronized List<String> hung() {
    return List.copyOf(hung);
  }

  synchronized List<String> unexpected() {
    return List.copyOf(unexpected);
  }

  synchronized int correct(String kind) {
    return correct.getOrDefault(kind, 0);
  }

  synchronized int failures() {
    return wrong.size() + hung.size() + unexpected.size() + rayErrors.values().stream().mapToInt(i -> i).sum();
  }

  long longestCallMs() {
    return longestCallMs.get();
  }

  @Override
  public synchronized String toString() {
    return "correct " + correct + ", Ray errors " + rayErrors + ", wrong " + wrong.size() + ", hung " + hung.size()
        + ", unexpected " + unexpected.size() + ", slowest calls " + slowest
        + (wrong.isEmpty() && hung.isEmpty() && unexpected.isEmpty() ? ""
            : "\n  wrong: " + wrong + "\n  hung: " + hung + "\n  unexpected: " + unexpected);
  }
}
