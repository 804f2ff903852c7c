package io.jray.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GeneratedCallsUpToDateTest {

  private static final Path MODULE_DIR = Path.of(System.getProperty("basedir", "."));

  @Test
  void checkedInOverloadsMatchTheGenerator() throws IOException {
    assertEquals(CallOverloadsGenerator.rayCall(),
        Files.readString(MODULE_DIR.resolve(CallOverloadsGenerator.RAY_CALL)),
        "RayCall.java is stale: run CallOverloadsGenerator (see its javadoc)");
    assertEquals(CallOverloadsGenerator.actorCall(),
        Files.readString(MODULE_DIR.resolve(CallOverloadsGenerator.ACTOR_CALL)),
        "ActorCall.java is stale: run CallOverloadsGenerator (see its javadoc)");
  }
}
