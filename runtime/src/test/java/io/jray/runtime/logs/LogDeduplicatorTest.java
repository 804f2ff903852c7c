package io.jray.runtime.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogDeduplicatorTest {
  private final AtomicLong now = new AtomicLong();
  private final LogDeduplicator dedup = new LogDeduplicator(5, now::get);

  private List<String> printed(List<LogDeduplicator.Batch> batches) {
    List<String> lines = new ArrayList<>();
    batches.forEach(b -> b.lines().forEach(l -> lines.add(b.pid() + ": " + l)));
    return lines;
  }

  private List<String> from(long pid, String... lines) {
    return printed(dedup.deduplicate(new LogDeduplicator.Batch("10.0.0.5", pid, "square", List.of(lines))));
  }

  @Test
  void aLineTenWorkersPrintShowsOnceThenOnceWithItsCountWhenTheWindowEnds() {
    assertEquals(List.of("1: hello"), from(1, "hello"));
    for (long pid = 2; pid <= 10; pid++) {
      assertEquals(List.of(), from(pid, "hello"));
    }
    now.addAndGet(4_900_000_000L);
    assertEquals(List.of(), printed(dedup.expired()));
    now.addAndGet(200_000_000L);
    assertEquals(List.of("10: hello [repeated 9x across cluster]"), printed(dedup.expired()));
    assertEquals(List.of(), printed(dedup.expired()));
  }

  @Test
  void wordsWithNumbersInThemDoNotMakeLinesDiffer() {
    assertEquals(List.of("1: step 1 of 0x1f done"), from(1, "step 1 of 0x1f done"));
    assertEquals(List.of(), from(2, "step 2 of 0x2e done"));
    assertEquals(List.of("1: different"), from(1, "different"));
  }

  @Test
  void theWorkerThatPrintedALineFirstRepeatsItFreelyUntilAnotherPrintsIt() {
    assertEquals(List.of("1: tick", "1: tick"), from(1, "tick", "tick"));
    assertEquals(List.of(), from(2, "tick"));
    assertEquals(List.of(), from(1, "tick"));
  }

  @Test
  void aSingleRepeatIsShownAsItselfAndTheEndOfTheDriverFlushesWhatIsHeld() {
    from(1, "once more", "many");
    from(2, "once more");
    from(2, "many");
    from(3, "many");
    assertEquals(List.of("2: once more", "3: many [repeated 2x across cluster]"), printed(dedup.flush()));
    assertEquals(List.of(), printed(dedup.flush()));
  }

  @Test
  void linesWithNothingButNumbersAreNeverHeldBack() {
    assertEquals(List.of("1: 42"), from(1, "42"));
    assertEquals(List.of("2: 42"), from(2, "42"));
  }
}
