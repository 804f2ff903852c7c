package io.jray.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The timing loop against a fake clock: no cluster needed. */
class RunnerTest {
  /** Each call advances the clock by 1 ms. */
  private final AtomicLong now = new AtomicLong();
  private final Runner runner = new Runner(new BenchSettings(Duration.ofMillis(10), Duration.ofMillis(40), 4, 1),
      now::get);

  @Test
  void eachRoundCountsCallsTimesUnitsOverItsTime() {
    AtomicLong calls = new AtomicLong();
    Result r = runner.run(Workload.of("w", s -> Trial.of(5, () -> {
      calls.incrementAndGet();
      now.addAndGet(1_000_000);
    })));
    assertTrue(r.ok(), r::error);
    assertEquals(List.of(5000.0, 5000.0, 5000.0, 5000.0), r.rounds()); // 10 calls of 5 units in 10 ms
    assertEquals(5000.0, r.mean());
    assertEquals(0.0, r.stddev());
    assertEquals(10 + 4 * 10, calls.get()); // warm-up, then four rounds
  }

  @Test
  void aFailingCallIsTheResultAndTheTrialIsClosed() {
    AtomicBoolean closed = new AtomicBoolean();
    Result r = runner.run(Workload.of("w", s -> Trial.of(1, () -> {
      throw new IllegalStateException("boom");
    }, () -> closed.set(true))));
    assertFalse(r.ok());
    assertEquals("IllegalStateException: boom", r.error());
    assertTrue(closed.get());
  }

  @Test
  void theStandardDeviationIsThePopulationOneAsNumpys() {
    Result r = Result.of("w", List.of(1.0, 2.0, 3.0, 4.0));
    assertEquals(2.5, r.mean());
    assertEquals(Math.sqrt(1.25), r.stddev(), 1e-12);
  }
}
