package io.jray.gcs.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class EntrypointTest {
  @Test
  void wordsSplitAsAShellSplitsAPlainCommandWithNothingExpanded() {
    assertEquals(List.of("com.example.Main", "a b", "it's", "$HOME", "x\"y", "c\\d"),
        Entrypoint.split("  com.example.Main 'a b' \"it's\" '$HOME' \"x\\\"y\" c\\\\d "));
    assertEquals(List.of(), Entrypoint.split("   "));
    assertEquals(List.of("Main", ""), Entrypoint.split("Main ''"));
  }

  @Test
  void anUnclosedQuoteIsABadRequest() {
    assertEquals(400, assertThrows(HttpError.class, () -> Entrypoint.split("Main 'open")).status());
  }

  @Test
  void aPackageNameIsItsSha256AndJar() {
    String sha = "ab".repeat(32);
    assertEquals(sha, JobsApi.sha256OfJarName(sha + ".jar"));
    assertEquals(null, JobsApi.sha256OfJarName(sha + ".zip"));
    assertEquals(null, JobsApi.sha256OfJarName("../" + sha + ".jar"));
    assertEquals(null, JobsApi.sha256OfJarName("AB".repeat(32) + ".jar"));
  }
}
