package io.jray.runtime.rpc;

import io.jray.runtime.config.JrayConfig;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before retrying a call whose peer did not answer, and when to stop: exponential backoff with
 * jitter (each wait is drawn from the upper half of its doubling step, so many clients do not retry in step),
 * bounded in attempts. Immutable; the caller counts its failures in a row.
 */
public record Backoff(long baseMs, long maxMs, int attempts) {

  /** The cluster's retry policy ({@code jray.rpc_retry_base_ms}, {@code _max_ms}, {@code _attempts}). */
  public static Backoff standard() {
    return new Backoff(JrayConfig.RPC_RETRY_BASE_MS.get(), JrayConfig.RPC_RETRY_MAX_MS.get(),
        JrayConfig.RPC_RETRY_ATTEMPTS.get());
  }

  /** The wait before the retry that follows {@code failures} failures in a row (1 = the first failure). */
  public long delayMs(int failures) {
    long step = Math.min(maxMs, baseMs << Math.min(Math.max(0, failures - 1), 20));
    long half = Math.max(1, step / 2);
    return half + ThreadLocalRandom.current().nextLong(step - half + 1);
  }

  /** Whether {@code failures} failures in a row are one too many: the peer counts as gone. */
  public boolean exhausted(int failures) {
    return failures >= attempts;
  }
}
