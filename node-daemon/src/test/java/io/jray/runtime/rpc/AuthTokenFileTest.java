package io.jray.runtime.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.testing.TestProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The token file a head creates, and the warning for one others can read. */
class AuthTokenFileTest {

  @Test
  void tokenFileIsCreated0600InsideAFolderMade0700() throws Exception {
    Path file = Files.createTempDirectory(TestProcesses.root(), "token-").resolve(".jray/auth_token");
    AuthToken token = AuthToken.findOrCreate(file);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(token.value(), Files.readString(file).trim());
    assertEquals(token.value(), AuthToken.findOrCreate(file).value(), "a second head reuses it");
  }

  @Test
  void tokenFileOthersCanReadGetsAWarningToChmodIt() throws Exception {
    Path file = Files.createTempDirectory(TestProcesses.root(), "token-").resolve("auth_token");
    Files.writeString(file, "abc\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    List<String> warnings = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        warnings.add(record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger log = Logger.getLogger(AuthToken.class.getName());
    log.addHandler(capture);
    try {
      assertEquals("abc", AuthToken.findOrCreate(file).value());
      assertEquals(List.of("The cluster token file " + file + " can be read by other users; run 'chmod 600 " + file
          + "'."), warnings);
      warnings.clear();
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      AuthToken.findOrCreate(file);
      assertTrue(warnings.isEmpty(), warnings::toString);
    } finally {
      log.removeHandler(capture);
    }
  }
}
