package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress display: plain lines for pipes and files, one rewritten line on a terminal. */
class ProgressTest {

  @Test
  void withoutATerminalEveryStepIsAPlainLineAndDetailsAreNotPrinted() {
    StringWriter text = new StringWriter();
    try (Progress progress = new Progress(new PrintWriter(text), "Starting", false)) {
      progress.step("Started the reaper.");
      progress.detail("42% (1 MiB of 2 MiB)");
      progress.step("Started the raylet.");
      progress.done("Done.");
    }
    assertEquals("Started the reaper.\nStarted the raylet.\nDone.\n", text.toString().replace(System.lineSeparator(), "\n"));
  }

  @Test
  void onATerminalOneLineIsRewrittenThenReplacedByTheFinalLine() {
    StringWriter text = new StringWriter();
    try (Progress progress = new Progress(new PrintWriter(text), "Uploading app.jar", true)) {
      progress.detail("50% (1 MiB of 2 MiB)");
      progress.step("x".repeat(200));
      progress.done("Uploaded app.jar.");
    }
    String out = text.toString();
    assertTrue(out.contains(" Uploading app.jar ("), out);
    assertTrue(out.contains("50% (1 MiB of 2 MiB)"), out);
    assertTrue(out.endsWith("\r\033[KUploaded app.jar." + System.lineSeparator()), out);
    for (String drawn : out.split("\r\033\\[K")) {
      assertTrue(drawn.strip().length() <= 79, "a live line never wraps: " + drawn.length());
    }
    assertFalse(out.substring(0, out.lastIndexOf("Uploaded")).contains("\n"), "one line until the end: " + out);
  }
}
