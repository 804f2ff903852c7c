package io.jray.runtime.logs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Ray's log deduplication (RAY_DEDUP_LOGS, ray._private.ray_logging.LogDeduplicator) for one stream: the first
 * time a line is seen it is printed at once; when the same line (ignoring words with digits in them, which
 * differ between workers) then comes from other workers within the aggregation window, it is held back and
 * counted, and printed once per window as {@code line [repeated 9x across cluster]}. Repeats from the worker that
 * printed it first are printed as they come until a second worker prints it. Not thread-safe: one thread calls it.
 */
public final class LogDeduplicator {
  private static final Pattern NUMBERS = Pattern.compile("(\\d+|0x[0-9a-fA-F]+)");

  /** Lines of one worker (its node IP and pid) printed by one task or actor. */
  public record Batch(String ip, long pid, String sourceName, List<String> lines) {
    Batch with(List<String> other) {
      return new Batch(ip, pid, sourceName, other);
    }
  }

  private static final class State {
    long since;
    int count;
    String line;
    Batch from;
    final Set<String> sources = new HashSet<>();
  }

  private final long windowNanos;
  private final LongSupplier clock;
  private final Map<String, State> recent = new LinkedHashMap<>();

  /** @param clock nanoseconds, as {@link System#nanoTime} */
  public LogDeduplicator(double windowSeconds, LongSupplier clock) {
    this.windowNanos = (long) (windowSeconds * 1e9);
    this.clock = clock;
  }

  /** Ray's canonical form of a line: its words without those holding numbers. */
  static String canonical(String line) {
    StringBuilder key = new StringBuilder();
    for (String word : line.trim().split("\\s+")) {
      if (!word.isEmpty() && !NUMBERS.matcher(word).find()) {
        if (key.length() > 0) {
          key.append(' ');
        }
        key.append(word);
      }
    }
    return key.toString();
  }

  /** What to print now for this batch: its lines that are not held back, then repeats whose window ended. */
  public List<Batch> deduplicate(Batch batch) {
    long now = clock.getAsLong();
    String source = batch.ip() + "/" + batch.pid();
    List<String> shown = new ArrayList<>();
    for (String line : batch.lines()) {
      String key = canonical(line);
      if (key.isEmpty()) {
        shown.add(line); // nothing left to compare: that is all the user wants to see
        continue;
      }
      State state = recent.get(key);
      if (state == null) {
        state = new State();
        state.since = now;
        state.line = line;
        state.from = batch;
        state.sources.add(source);
        recent.put(key, state);
        shown.add(line);
      } else {
        state.sources.add(source);
        if (state.sources.size() > 1) {
          state.count++;
          state.line = line;
          state.from = batch;
        } else {
          shown.add(line); // the same worker repeating itself is not deduplicated
        }
      }
    }
    List<Batch> out = new ArrayList<>();
    if (!shown.isEmpty()) {
      out.add(batch.with(shown));
    }
    out.addAll(expired(now));
    return out;
  }

  /** The repeats whose aggregation window has ended; call it now and then so they show without new lines. */
  public List<Batch> expired() {
    return expired(clock.getAsLong());
  }

  private List<Batch> expired(long now) {
    List<Batch> out = new ArrayList<>();
    List<Map.Entry<String, State>> again = new ArrayList<>();
    for (Iterator<Map.Entry<String, State>> it = recent.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, State> e = it.next();
      State state = e.getValue();
      if (now - state.since < windowNanos) {
        break; // in order of their window's start: the rest are younger
      }
      it.remove();
      if (state.count > 1) {
        out.add(state.from.with(List.of(repeated(state))));
        // keep aggregating this line, in a fresh window
        state.since = now;
        state.count = 0;
        again.add(e);
      } else if (state.count > 0) {
        out.add(state.from.with(List.of(state.line))); // aggregating gained nothing: stop
      }
    }
    again.forEach(e -> recent.put(e.getKey(), e.getValue()));
    return out;
  }

  /** Every held-back repeat, for the end of the driver; forgets all. */
  public List<Batch> flush() {
    List<Batch> out = new ArrayList<>();
    for (State state : recent.values()) {
      if (state.count > 1) {
        out.add(state.from.with(List.of(repeated(state))));
      } else if (state.count > 0) {
        out.add(state.from.with(List.of(state.line)));
      }
    }
    recent.clear();
    return out;
  }

  private static String repeated(State state) {
    return state.line + " [repeated " + state.count + "x across cluster]";
  }
}
