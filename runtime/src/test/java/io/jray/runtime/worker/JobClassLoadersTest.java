package io.jray.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jray.api.Ray;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a job's code can load in a worker, and what names from the wire resolve to. */
class JobClassLoadersTest {
  private static final ClassLoader JRAY = JobClassLoadersTest.class.getClassLoader();

  /** A jar holding the given entries, each with the bytes of a class of this JVM (Void: a few bytes). */
  private static Path jar(Path dir, String name, Map<String, Class<?>> entries) throws Exception {
    Path jar = dir.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Map.Entry<String, Class<?>> e : entries.entrySet()) {
        out.putNextEntry(new JarEntry(e.getKey()));
        if (e.getValue() != Void.class) {
          try (InputStream in = e.getValue().getResourceAsStream("/" + e.getValue().getName().replace('.', '/')
              + ".class")) {
            in.transferTo(out);
          }
        } else {
          out.write(new byte[] {1, 2, 3});
        }
        out.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void theJobsCodeSeesTheJdkAndJraysApiAndNothingElseOfJrays() throws Exception {
    JobClassLoaders loaders = JobClassLoaders.forJob("t", List.of(), JRAY);
    ClassLoader user = loaders.user();
    assertSame(Ray.class, user.loadClass("io.jray.api.Ray"), "one API class per JVM");
    assertSame(List.class, user.loadClass("java.util.List"));
    assertSame(java.sql.Connection.class, user.loadClass("java.sql.Connection"), "the platform's modules too");
    assertThrows(ClassNotFoundException.class, () -> user.loadClass("io.jray.runtime.worker.TaskExecutor"));
    assertThrows(ClassNotFoundException.class, () -> user.loadClass("com.google.protobuf.ByteString"));
    assertThrows(ClassNotFoundException.class, () -> user.loadClass("io.ray.api.Ray"), "no drop-in brought");
    assertNull(user.getResource("io/jray/runtime/worker/TaskExecutor.class"));
    assertEquals(JRAY.getResource("io/jray/api/Ray.class"), user.getResource("io/jray/api/Ray.class"));
    // Names from the wire: the job's first, then jray's.
    assertSame(TaskExecutor.class, loaders.resolving().loadClass("io.jray.runtime.worker.TaskExecutor"));
    assertSame(com.google.protobuf.ByteString.class, loaders.resolving().loadClass("com.google.protobuf.ByteString"));
    assertSame(JRAY, loaders.initializers());
  }

  @Test
  void aLibraryTheJobSharesWithJrayByteForByteIsJraysOneCopy() throws Exception {
    // The node's own copy of a jar of its classpath, as the raylet names a library the job shares with jray.
    Path protobuf = Path.of(com.google.protobuf.ByteString.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
    JobClassLoaders loaders = JobClassLoaders.forJob("t", List.of(protobuf), JRAY);
    assertSame(com.google.protobuf.ByteString.class, loaders.user().loadClass("com.google.protobuf.ByteString"),
        "one copy of its classes: the job's values of them are jray's too");
    assertThrows(ClassNotFoundException.class, () -> loaders.user().loadClass("io.grpc.Server"),
        "only that library's packages");
  }

  @Test
  void aJobThatShipsJraysOwnClassesStillResolvesJraysNamesToJrays(@TempDir Path dir) throws Exception {
    // As the one-dependency jar io.jray:jray does: a copy of a runtime class, and of a library class.
    Path shipped = jar(dir, "app.jar", Map.of(
        "io/jray/runtime/worker/TaskContext.class", TaskContext.class,
        "com/google/protobuf/ByteString.class", com.google.protobuf.ByteString.class));
    JobClassLoaders loaders = JobClassLoaders.forJob("t", List.of(shipped), JRAY);
    assertSame(TaskContext.class, loaders.resolving().loadClass("io.jray.runtime.worker.TaskContext"));
    Class<?> jobsOwn = loaders.resolving().loadClass("com.google.protobuf.ByteString");
    assertNotSame(com.google.protobuf.ByteString.class, jobsOwn, "the job's own copy of a library wins for it");
    assertSame(loaders.user(), jobsOwn.getClassLoader());
  }

  @Test
  void theRayDropInsJarsSeeJrayAndTheJobSeesRaysApiThroughThem(@TempDir Path dir) throws Exception {
    Path rayApi = jar(dir, "ray-api.jar", Map.of("io/ray/api/Ray.class", Void.class));
    Path app = jar(dir, "app.jar", Map.of("app/Main.class", Void.class));
    JobClassLoaders loaders = JobClassLoaders.forJob("t", List.of(rayApi, app), JRAY);
    ClassLoader dropin = loaders.initializers();
    assertNotSame(JRAY, dropin, "the drop-in's jars get a loader over jray's");
    assertSame(TaskExecutor.class, dropin.loadClass("io.jray.runtime.worker.TaskExecutor"));
    assertEquals(dropin.getResource("io/ray/api/Ray.class"), loaders.user().getResource("io/ray/api/Ray.class"));
    assertEquals(loaders.user().getResource("app/Main.class"), dropin.getResource("app/Main.class"),
        "what Ray's API needs (jaxb, log4j) comes with the job's jars");
    assertThrows(ClassNotFoundException.class, () -> loaders.user().loadClass("io.jray.runtime.worker.TaskExecutor"));
  }
}
