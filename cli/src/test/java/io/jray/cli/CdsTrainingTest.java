package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The training run bin/jray records its class-data-sharing archive with must really answer 'jray status'. */
class CdsTrainingTest {
  @Test
  void theTrainingRunAnswersStatusFromItsStandInGcs() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), CdsTraining.class.getName()))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().keySet().removeIf(k -> k.startsWith("JRAY_"));
    builder.environment().put("JRAY_AUTH_TOKEN", "cds-training");
    Process training = builder.start();
    try {
      if (!training.waitFor(CliRun.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("the training run did not finish");
      }
      assertEquals(ExitCodes.OK, training.exitValue(), "exit code of the training run");
    } finally {
      training.destroyForcibly();
    }
  }
}
