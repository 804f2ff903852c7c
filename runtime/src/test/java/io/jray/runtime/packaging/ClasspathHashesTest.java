package io.jray.runtime.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ClasspathHashesTest {
  private static final FileTime AN_HOUR_AGO = FileTime.from(Instant.now().minusSeconds(3600));

  @TempDir
  Path dir;

  /** Writes a jar-sized file of {@code text}, last modified an hour ago (not "racily" new). */
  private Path jar(String name, String text) throws IOException {
    Path jar = dir.resolve(name);
    Files.writeString(jar, text);
    Files.setLastModifiedTime(jar, AN_HOUR_AGO);
    return jar;
  }

  private Path cacheFile() throws IOException {
    Path cache = dir.resolve("cache");
    Files.createDirectories(cache, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    return cache.resolve("classpath-sha256");
  }

  @Test
  void aJarsHashIsRememberedAcrossProcessesUntilItsSizeTimeOrInodeChanges() throws IOException {
    Path jar = jar("a.jar", "first content");
    String real = ClasspathEntry.sha256(jar);
    Path file = cacheFile();
    assertEquals(real, new ClasspathHashes(file).sha256(jar), "a first hash is the real one");
    ClasspathHashes first = new ClasspathHashes(file);
    first.sha256(jar);
    first.save();
    assertTrue(Files.exists(file), "what was learnt is saved");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    // The same size and time, other bytes (what only a forger does): the remembered hash proves nothing was read.
    Files.writeString(jar, "other content");
    Files.setLastModifiedTime(jar, AN_HOUR_AGO);
    assertEquals(real, new ClasspathHashes(file).sha256(jar), "a known jar is not read again");

    // A real rewrite changes the time: hashed again.
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    assertEquals(ClasspathEntry.sha256(jar), new ClasspathHashes(file).sha256(jar));
    assertNotEquals(real, new ClasspathHashes(file).sha256(jar));

    // A new file moved over the old name (another inode), same size and time as remembered: hashed again.
    ClasspathHashes again = new ClasspathHashes(file);
    again.sha256(jar);
    again.save();
    Path replacement = jar("b.tmp", "third content");
    Files.setLastModifiedTime(replacement, Files.getLastModifiedTime(jar));
    Files.move(replacement, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertEquals(ClasspathEntry.sha256(jar), new ClasspathHashes(file).sha256(jar));
  }

  @Test
  void aJarModifiedJustNowIsNotRemembered() throws IOException {
    Path jar = dir.resolve("new.jar");
    Files.writeString(jar, "just written");
    Path file = cacheFile();
    ClasspathHashes hashes = new ClasspathHashes(file);
    String real = hashes.sha256(jar);
    hashes.save();
    // Rewritten within the same instant as far as a coarse file system could tell: must not be taken from the cache.
    FileTime time = Files.getLastModifiedTime(jar);
    Files.writeString(jar, "just rewrote");
    Files.setLastModifiedTime(jar, time);
    assertNotEquals(real, new ClasspathHashes(file).sha256(jar));
  }

  @Test
  void aCacheFileOthersCouldWriteIsIgnored() throws IOException {
    Path jar = jar("a.jar", "content");
    String real = ClasspathEntry.sha256(jar);
    Path file = cacheFile();
    ClasspathHashes first = new ClasspathHashes(file);
    first.sha256(jar);
    first.save();
    Files.writeString(jar, "forgery");
    Files.setLastModifiedTime(jar, AN_HOUR_AGO);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    assertNotEquals(real, new ClasspathHashes(file).sha256(jar), "a cache another user could write is not trusted");
  }

  @Test
  void aDamagedCacheFileIsIgnoredAndFoldersAreAlwaysHashed() throws IOException {
    Path file = cacheFile();
    Files.writeString(file, "not\ta\tcache\n\u0000garbage");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Path jar = jar("a.jar", "content");
    assertEquals(ClasspathEntry.sha256(jar), new ClasspathHashes(file).sha256(jar));

    Path classes = Files.createDirectories(dir.resolve("classes").resolve("io").resolve("jray"));
    Files.writeString(classes.resolve("A.class"), "one");
    Path folder = dir.resolve("classes");
    ClasspathHashes hashes = new ClasspathHashes(file);
    String before = hashes.sha256(folder);
    assertTrue(hashes.holdsJraysClasses(folder));
    Files.writeString(classes.resolve("A.class"), "two");
    assertNotEquals(before, hashes.sha256(folder), "a folder's content is hashed every time");
  }

  @Test
  void byHashNamesEachEntryByItsContentAndRemembersTheJars() throws IOException {
    Path a = jar("a.jar", "one");
    Path b = jar("b.jar", "one"); // the same bytes: left out
    Path c = jar("c.jar", "two");
    Path file = cacheFile();
    Map<String, Path> entries = ClasspathEntry.byHash(a + ":" + b + ":" + dir.resolve("missing.jar") + ":" + c,
        new ClasspathHashes(file));
    assertEquals(java.util.List.of(a, c), java.util.List.copyOf(entries.values()));
    assertEquals(ClasspathEntry.sha256(a), entries.keySet().iterator().next());
    String saved = Files.readString(file);
    assertTrue(saved.contains(a.toString()) && saved.contains(c.toString()), saved);
    assertFalse(new ClasspathHashes(file).holdsJraysClasses(a));
  }
}
