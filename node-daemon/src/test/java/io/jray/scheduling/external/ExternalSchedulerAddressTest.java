package io.jray.scheduling.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.runtime.rpc.HostPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where --external-scheduler points: its value, else the seed's config file in the working folder, else 127.0.0.1:44444. */
class ExternalSchedulerAddressTest {
  @TempDir Path dir;

  @Test
  void aValueIsTakenAsHostPort() {
    assertEquals(new HostPort("10.0.0.5", 45000), ExternalSchedulerAddress.resolve("10.0.0.5:45000", dir));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ExternalSchedulerAddress.resolve("nowhere", dir))
        .getMessage().contains("must be host:port"));
  }

  @Test
  void withoutAValueTheUsersOwnConfigFileSaysIpSpacePort() throws IOException {
    assertEquals(new HostPort("127.0.0.1", 44444), ExternalSchedulerAddress.resolve(null, dir));
    Files.writeString(dir.resolve("EXTERNAL_SCHEDULER_CONFIG.txt"), "192.168.1.7 45001\n");
    assertEquals(new HostPort("192.168.1.7", 45001), ExternalSchedulerAddress.resolve("", dir));
    Files.writeString(dir.resolve("EXTERNAL_SCHEDULER_CONFIG.txt"), "192.168.1.7:45001");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ExternalSchedulerAddress.resolve(null, dir))
        .getMessage().contains("must hold 'ip port'"));
  }

  @Test
  void aLinkNamedLikeTheConfigFileIsNotFollowed() throws IOException {
    Path elsewhere = Files.writeString(dir.resolve("other.txt"), "10.9.9.9 1234");
    Files.createSymbolicLink(dir.resolve("EXTERNAL_SCHEDULER_CONFIG.txt"), elsewhere);
    assertEquals(new HostPort("127.0.0.1", 44444), ExternalSchedulerAddress.resolve(null, dir));
  }
}
