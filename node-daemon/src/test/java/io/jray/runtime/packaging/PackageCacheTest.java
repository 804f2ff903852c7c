package io.jray.runtime.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jray.runtime.files.NotPrivateException;
import io.jray.testing.LocalAccount;
import io.jray.testing.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A cached package is used only if its bytes still match its name, and only from a folder of this user's. */
class PackageCacheTest {

  @Test
  void swappedJarIsNotUsedAndIsRemovedSoItIsFetchedAgain() throws Exception {
    Path cache = Files.createTempDirectory(TestProcesses.root(), "cache-");
    Path real = Files.writeString(cache.resolve("real.bin"), "the job's code");
    String sha = ClasspathEntry.sha256(real);
    Path cached = PackageFile.path(cache, sha);
    Files.writeString(cached, "the job's code");
    assertEquals(Optional.of(cached), PackageFile.verified(cache, sha));
    Files.writeString(cached, "someone else's code"); // swapped in place
    assertEquals(Optional.empty(), PackageFile.verified(cache, sha));
    assertFalse(Files.exists(cached));
  }

  @Test
  void newCacheFolderIs0700() throws Exception {
    Path cache = Files.createTempDirectory(TestProcesses.root(), "cache-").resolve("package_cache");
    String sha = "0".repeat(64);
    try (PackageFile file = PackageFile.create(cache, sha)) {
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
    }
  }

  @Test
  void cacheFolderAnotherUserMadeIsRefused() {
    assumeTrue(LocalAccount.runningAsRoot(), "needs root to act as a second user");
    try (LocalAccount mallory = LocalAccount.create()) {
      Path cache = mallory.sharedDir().resolve("package_cache");
      String sha = "a".repeat(64);
      mallory.sh("mkdir -m 0777 " + cache + " && printf x > " + PackageFile.path(cache, sha));
      assertThrows(NotPrivateException.class, () -> PackageFile.verified(cache, sha));
      assertThrows(NotPrivateException.class, () -> PackageFile.create(cache, sha).close());
    }
  }
}
