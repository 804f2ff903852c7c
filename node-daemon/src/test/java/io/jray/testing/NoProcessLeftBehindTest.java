package io.jray.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Runs after every other test class of the module: nothing any test started may still be running. */
@Order(Integer.MAX_VALUE)
public class NoProcessLeftBehindTest {
  @Test
  void noJrayProcessIsLeftRunningAfterTheSuite() {
    List<String> left = TestProcesses.leftRunning();
    assertEquals(List.of(), left, "processes left running by the tests");
  }
}
