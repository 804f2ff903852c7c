package io.jray.scheduling.external;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reference service over real TCP: its policies, and what it does with bytes that are not the protocol. */
class ReferenceSchedulerTest {

  /** One client connection speaking framed messages. */
  private static final class Client implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;

    Client(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    }

    byte[] ask(byte[] message) throws IOException {
      SchedulerWire.writeFrame(out, message);
      return SchedulerWire.readFrame(in);
    }

    OptionalLong schedule(Map<String, Double> shape) throws IOException {
      return SchedulerWire.decodePlacement(ask(SchedulerWire.schedule(shape)));
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static ReferenceScheduler start(ReferenceScheduler.Policy policy) throws IOException {
    return new ReferenceScheduler("127.0.0.1", 0, policy, line -> {});
  }

  private static void addNodes(Client c) throws IOException {
    assertArrayEquals(SchedulerWire.status(true), c.ask(SchedulerWire.addNode(1, Map.of("CPU", 2.0))));
    assertArrayEquals(SchedulerWire.status(true), c.ask(SchedulerWire.addNode(2, Map.of("CPU", 4.0, "GPU", 1.0))));
    assertArrayEquals(SchedulerWire.status(true), c.ask(SchedulerWire.addNode(3, Map.of("CPU", 4.0))));
  }

  @Test
  void leastPlacedPicksTheFittingNodeItPlacedFewestOnAndCountsSurviveAResourceChange() throws IOException {
    try (ReferenceScheduler s = start(ReferenceScheduler.Policy.LEAST_PLACED); Client c = new Client(s.port())) {
      addNodes(c);
      assertEquals(OptionalLong.of(1), c.schedule(Map.of("CPU", 1.0)));
      assertEquals(OptionalLong.of(2), c.schedule(Map.of("CPU", 1.0)));
      assertEquals(OptionalLong.of(3), c.schedule(Map.of("CPU", 1.0)));
      // Only node 2 has a GPU; then node 1 is the least placed of those with 2 CPUs.
      assertEquals(OptionalLong.of(2), c.schedule(Map.of("GPU", 1.0)));
      // A resource change (remove, then add with what is available) keeps node 1's count.
      assertArrayEquals(SchedulerWire.status(true), c.ask(SchedulerWire.removeNode(1)));
      assertArrayEquals(SchedulerWire.status(true), c.ask(SchedulerWire.addNode(1, Map.of("CPU", 2.0))));
      assertEquals(OptionalLong.of(1), c.schedule(Map.of("CPU", 2.0)));
      assertEquals(OptionalLong.of(3), c.schedule(Map.of("CPU", 2.0)));
      assertEquals(OptionalLong.empty(), c.schedule(Map.of("CPU", 8.0)));
      assertEquals(Map.of(1L, 2L, 2L, 2L, 3L, 2L), s.placedCounts());
    }
  }

  @Test
  void packSpreadAndRandomPickAmongTheFittingNodes() throws IOException {
    try (ReferenceScheduler pack = start(ReferenceScheduler.Policy.PACK); Client c = new Client(pack.port())) {
      addNodes(c);
      for (int i = 0; i < 3; i++) {
        assertEquals(OptionalLong.of(1), c.schedule(Map.of("CPU", 1.0)));
      }
      assertEquals(OptionalLong.of(2), c.schedule(Map.of("CPU", 3.0)));
    }
    try (ReferenceScheduler spread = start(ReferenceScheduler.Policy.SPREAD); Client c = new Client(spread.port())) {
      addNodes(c);
      assertEquals(OptionalLong.of(1), c.schedule(Map.of("CPU", 1.0)));
      assertEquals(OptionalLong.of(2), c.schedule(Map.of("CPU", 1.0)));
      assertEquals(OptionalLong.of(3), c.schedule(Map.of("CPU", 1.0)));
      assertEquals(OptionalLong.of(1), c.schedule(Map.of("CPU", 1.0)));
    }
    try (ReferenceScheduler random = start(ReferenceScheduler.Policy.RANDOM); Client c = new Client(random.port())) {
      addNodes(c);
      for (int i = 0; i < 20; i++) {
        assertTrue(Set.of(2L, 3L).contains(c.schedule(Map.of("CPU", 3.0)).getAsLong()));
      }
    }
  }

  @Test
  void removingAnUnknownNodeAnswersOne() throws IOException {
    try (ReferenceScheduler s = start(ReferenceScheduler.Policy.LEAST_PLACED); Client c = new Client(s.port())) {
      assertArrayEquals(SchedulerWire.status(false), c.ask(SchedulerWire.removeNode(42)));
    }
  }

  @Test
  void anUnknownOpcodeIsAnsweredOneAndTheConnectionGoesOn() throws IOException {
    try (ReferenceScheduler s = start(ReferenceScheduler.Policy.LEAST_PLACED); Client c = new Client(s.port())) {
      assertArrayEquals(SchedulerWire.status(false), c.ask(HexFormat.of().parseHex("09")));
      assertArrayEquals(SchedulerWire.status(false), c.ask(HexFormat.of().parseHex("024350")));
      c.ask(SchedulerWire.addNode(5, Map.of("CPU", 1.0)));
      assertEquals(OptionalLong.of(5), c.schedule(Map.of("CPU", 1.0)));
    }
  }

  @Test
  void anAbsurdLengthDropsThatClientOnly() throws IOException {
    try (ReferenceScheduler s = start(ReferenceScheduler.Policy.LEAST_PLACED); Client good = new Client(s.port());
        Client bad = new Client(s.port())) {
      good.ask(SchedulerWire.addNode(5, Map.of("CPU", 1.0)));
      bad.out.write(HexFormat.of().parseHex("ffffffffffffff7f"));
      bad.out.flush();
      assertNull(SchedulerWire.readFrame(bad.in), "the service closes the connection");
      assertEquals(OptionalLong.of(5), good.schedule(Map.of("CPU", 1.0)));
    }
  }

  @Test
  void aTakenPortCannotBeBound() throws IOException {
    try (ReferenceScheduler s = start(ReferenceScheduler.Policy.LEAST_PLACED)) {
      assertThrows(IOException.class, () -> new ReferenceScheduler("127.0.0.1", s.port(),
          ReferenceScheduler.Policy.PACK, line -> {}));
    }
  }
}
