package io.jray.bench;

import io.jray.testing.NoProcessLeftBehindTest;
import org.junit.jupiter.api.Order;

/** Runs after every other test class of the bench module: nothing any of them started may still be running. */
@Order(Integer.MAX_VALUE)
class NoBenchProcessLeftBehindTest extends NoProcessLeftBehindTest {
}
