package io.jray.examples;

import io.jray.testing.NoProcessLeftBehindTest;
import org.junit.jupiter.api.Order;

/** Runs last in this module: nothing the example tests started may still run. */
@Order(Integer.MAX_VALUE)
class ExamplesNoProcessLeftBehindTest extends NoProcessLeftBehindTest {}
