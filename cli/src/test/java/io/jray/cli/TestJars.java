package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import javax.tools.ToolProvider;

/** Jars the CLI tests run: one source compiled against jray's API, a manifest, and any extra entries. */
final class TestJars {
  private TestJars() {}

  /** An extra entry of a jar: its name, and what writes its bytes. */
  record Entry(String name, Content content) {}

  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Compiles one source (package {@code jobs} or another) into {@code dir/name}, Main-Class as given (or none). */
  static Path jar(Path dir, String name, String mainClass, String source) throws IOException {
    return jar(dir, name, mainClass, source, List.of());
  }

  /** The same, with extra entries; these are written uncompressed, so random bytes cost no deflating. */
  static Path jar(Path dir, String name, String mainClass, String source, List<Entry> extra) throws IOException {
    Path src = Files.createTempDirectory(dir, "src-");
    String pkg = source.replaceAll("(?s)^\\s*package ([\\w.]+);.*", "$1");
    String cls = source.replaceAll("(?s).*public class (\\w+).*", "$1");
    Path file = src.resolve(pkg.replace('.', '/') + "/" + cls + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    Path classes = Files.createTempDirectory(dir, "classes-");
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null,
        "-cp", System.getProperty("java.class.path"), "-d", classes.toString(), file.toString());
    assertEquals(0, rc, "compiles");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (mainClass != null) {
      manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    }
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        zip.putNextEntry(new JarEntry(classes.relativize(f).toString()));
        Files.copy(f, zip);
        zip.closeEntry();
      }
      zip.setLevel(Deflater.NO_COMPRESSION);
      for (Entry e : extra) {
        zip.putNextEntry(new JarEntry(e.name()));
        e.content().writeTo(zip);
        zip.closeEntry();
      }
    }
    return jar;
  }

  /** {@code size} random (incompressible) bytes, the same for the same seed, written 1 MiB at a time. */
  static Content randomBytes(long size, long seed) {
    return out -> {
      Random random = new Random(seed);
      byte[] block = new byte[1 << 20];
      for (long left = size; left > 0; left -= block.length) {
        random.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    };
  }
}
