package io.jray.scheduling.external;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The wire byte for byte, against fixtures written out by hand from the seed's protocol table (and its Python). */
class SchedulerWireTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] framed(byte[] message) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SchedulerWire.writeFrame(out, message);
    return out.toByteArray();
  }

  @Test
  void addNodeIsLengthOpcodeNodeIdAndResourcesLittleEndian() throws IOException {
    // [21 as 8 bytes LE][0x0][node 2 as 8 bytes LE]["CPU"][0x0][4.0 as LE double]
    assertEquals("1500000000000000" + "00" + "0200000000000000" + "435055" + "00" + "0000000000001040",
        HEX.formatHex(framed(SchedulerWire.addNode(2, Map.of("CPU", 4.0)))));
  }

  @Test
  void scheduleListsResourcesInNameOrder() throws IOException {
    Map<String, Double> shape = new LinkedHashMap<>();
    shape.put("GPU", 0.5);
    shape.put("CPU", 1.0);
    assertEquals("1900000000000000" + "02" + "43505500" + "000000000000f03f" + "47505500" + "000000000000e03f",
        HEX.formatHex(framed(SchedulerWire.schedule(shape))));
  }

  @Test
  void removeNodeIsOpcodeAndNodeId() {
    assertEquals("01" + "0700000000000000", HEX.formatHex(SchedulerWire.removeNode(7)));
  }

  @Test
  void repliesDecodeAsTheSeedSendsThem() throws IOException {
    assertEquals(OptionalLong.of(258), SchedulerWire.decodePlacement(HEX.parseHex("000201000000000000")));
    assertEquals(OptionalLong.of(-2), SchedulerWire.decodePlacement(HEX.parseHex("00feffffffffffffff")));
    assertEquals(OptionalLong.empty(), SchedulerWire.decodePlacement(HEX.parseHex("01")));
    assertTrue(SchedulerWire.decodeStatus(HEX.parseHex("00")));
    assertFalse(SchedulerWire.decodeStatus(HEX.parseHex("01")));
    assertArrayEquals(HEX.parseHex("000201000000000000"), SchedulerWire.placed(258));
    assertArrayEquals(HEX.parseHex("01"), SchedulerWire.status(false));
  }

  @Test
  void requestsRoundTripThroughTheServiceSideDecoder() throws IOException {
    assertEquals(new SchedulerWire.AddNode(-5, Map.of("CPU", 2.0, "memory", 1.5e9)),
        SchedulerWire.decodeRequest(SchedulerWire.addNode(-5, Map.of("CPU", 2.0, "memory", 1.5e9))));
    assertEquals(new SchedulerWire.RemoveNode(Long.MAX_VALUE),
        SchedulerWire.decodeRequest(SchedulerWire.removeNode(Long.MAX_VALUE)));
    assertEquals(new SchedulerWire.Schedule(Map.of()), SchedulerWire.decodeRequest(SchedulerWire.schedule(Map.of())));
  }

  @Test
  void framesRoundTripAndACleanCloseIsNull() throws IOException {
    byte[] message = SchedulerWire.schedule(Map.of("CPU", 1.0));
    ByteArrayInputStream in = new ByteArrayInputStream(framed(message));
    assertArrayEquals(message, SchedulerWire.readFrame(in));
    assertNull(SchedulerWire.readFrame(in));
  }

  @Test
  void absurdLengthsAreRefused() {
    for (String prefix : new String[] {"ffffffffffffffff", "0000000000000000", "0000000001000000",
        "0100100000000000"}) {
      SchedulerWire.WireException e = assertThrows(SchedulerWire.WireException.class,
          () -> SchedulerWire.readFrame(new ByteArrayInputStream(HEX.parseHex(prefix + "00"))), prefix);
      assertTrue(e.getMessage().contains("message length"), e.getMessage());
    }
  }

  @Test
  void aMessageCutShortIsAnEofNotAHang() {
    assertThrows(EOFException.class, () -> SchedulerWire.readFrame(new ByteArrayInputStream(HEX.parseHex("0900000000000000" + "00"))));
    assertThrows(EOFException.class, () -> SchedulerWire.readFrame(new ByteArrayInputStream(HEX.parseHex("0900"))));
  }

  @Test
  void unknownOpcodesAndMalformedBodiesAreRefused() {
    assertTrue(assertThrows(SchedulerWire.WireException.class, () -> SchedulerWire.decodeRequest(HEX.parseHex("07")))
        .getMessage().contains("unknown opcode 0x7"));
    assertThrows(SchedulerWire.WireException.class, () -> SchedulerWire.decodeRequest(new byte[0]));
    assertThrows(SchedulerWire.WireException.class, () -> SchedulerWire.decodeRequest(HEX.parseHex("010700")));
    // A name without its NUL, a value cut short, a non-ASCII name:
    assertThrows(SchedulerWire.WireException.class, () -> SchedulerWire.decodeRequest(HEX.parseHex("02435055")));
    assertThrows(SchedulerWire.WireException.class, () -> SchedulerWire.decodeRequest(HEX.parseHex("024350550000")));
    assertThrows(SchedulerWire.WireException.class,
        () -> SchedulerWire.decodeRequest(HEX.parseHex("02c3a900" + "000000000000f03f")));
  }

  @Test
  void malformedRepliesAreRefused() {
    for (String reply : new String[] {"", "02", "0000", "00020100000000", "0002010000000000000000", "010000"}) {
      assertThrows(SchedulerWire.WireException.class, () -> SchedulerWire.decodePlacement(HEX.parseHex(reply)), reply);
    }
    for (String reply : new String[] {"", "02", "0000", "ff"}) {
      assertThrows(SchedulerWire.WireException.class, () -> SchedulerWire.decodeStatus(HEX.parseHex(reply)), reply);
    }
  }

  @Test
  void aResourceNameTheWireCannotCarryIsRefusedBeforeSending() {
    assertThrows(IllegalArgumentException.class, () -> SchedulerWire.schedule(Map.of("gpu\u00e9", 1.0)));
    assertThrows(IllegalArgumentException.class, () -> SchedulerWire.schedule(Map.of("a\0b", 1.0)));
  }
}
