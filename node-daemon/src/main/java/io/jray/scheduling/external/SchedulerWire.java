package io.jray.scheduling.external;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The external scheduler's wire, byte for byte as the seed's Ray fork (the VU external scheduler) speaks it, for
 * both sides (the GCS's client and the reference service). Every message is an 8-byte little-endian length, then
 * that many bytes. Requests: {@code 0x0} add node (8-byte little-endian node id, resources), reply {@code 0x0};
 * {@code 0x1} remove node (8-byte node id), reply {@code 0x0}, or {@code 0x1} when unknown; {@code 0x2} schedule
 * (resources), reply {@code 0x0} + 8-byte node id, or {@code 0x1} when nothing fits. Resources: any number of
 * ASCII name, {@code 0x00}, 8-byte little-endian IEEE double. Anything else read is a {@link WireException}.
 * Stateless.
 */
public final class SchedulerWire {
  public static final byte ADD_NODE = 0x0;
  public static final byte REMOVE_NODE = 0x1;
  public static final byte SCHEDULE = 0x2;
  public static final byte OK = 0x0;
  public static final byte REFUSED = 0x1;
  /** No message of this protocol comes near this (a node with hundreds of resources is a few KiB). */
  public static final int MAX_MESSAGE_BYTES = 1 << 20;

  /** Something read is not this protocol: a length out of bounds, an unknown opcode, a short or long body. */
  public static final class WireException extends IOException {
    public WireException(String message) {
      super(message);
    }
  }

  /** A request as the scheduler reads it. */
  public sealed interface Request {}

  public record AddNode(long nodeId, Map<String, Double> resources) implements Request {}

  public record RemoveNode(long nodeId) implements Request {}

  public record Schedule(Map<String, Double> resources) implements Request {}

  private SchedulerWire() {}

  // ---- requests (client side encodes, service side decodes)

  public static byte[] addNode(long nodeId, Map<String, Double> resources) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ADD_NODE);
    writeLong(out, nodeId);
    writeResources(out, resources);
    return out.toByteArray();
  }

  public static byte[] removeNode(long nodeId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(REMOVE_NODE);
    writeLong(out, nodeId);
    return out.toByteArray();
  }

  public static byte[] schedule(Map<String, Double> resources) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(SCHEDULE);
    writeResources(out, resources);
    return out.toByteArray();
  }

  public static Request decodeRequest(byte[] message) throws WireException {
    if (message.length == 0) {
      throw new WireException("an empty message (no opcode)");
    }
    ByteBuffer body = ByteBuffer.wrap(message, 1, message.length - 1).order(ByteOrder.LITTLE_ENDIAN);
    return switch (message[0]) {
      case ADD_NODE -> new AddNode(nodeId(body, "add node"), readResources(body));
      case REMOVE_NODE -> {
        long id = nodeId(body, "remove node");
        if (body.hasRemaining()) {
          throw new WireException("a remove node request of " + message.length + " bytes (9 expected)");
        }
        yield new RemoveNode(id);
      }
      case SCHEDULE -> new Schedule(readResources(body));
      default -> throw new WireException("unknown opcode 0x" + Integer.toHexString(message[0] & 0xff));
    };
  }

  // ---- replies (service side encodes, client side decodes)

  /** The one-byte reply of add and remove node, and the schedule reply when nothing fits ({@code 0x1}). */
  public static byte[] status(boolean ok) {
    return new byte[] {ok ? OK : REFUSED};
  }

  public static byte[] placed(long nodeId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(OK);
    writeLong(out, nodeId);
    return out.toByteArray();
  }

  /** The reply to add or remove node: true for {@code 0x0}, false for {@code 0x1} (remove: an unknown node). */
  public static boolean decodeStatus(byte[] reply) throws WireException {
    if (reply.length != 1 || (reply[0] != OK && reply[0] != REFUSED)) {
      throw new WireException("a reply of " + describe(reply) + " where 0x0 or 0x1 was expected");
    }
    return reply[0] == OK;
  }

  /** The reply to schedule: the node picked, or empty when nothing fits. */
  public static OptionalLong decodePlacement(byte[] reply) throws WireException {
    if (reply.length == 1 && reply[0] == REFUSED) {
      return OptionalLong.empty();
    }
    if (reply.length == 9 && reply[0] == OK) {
      return OptionalLong.of(ByteBuffer.wrap(reply, 1, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }
    throw new WireException("a schedule reply of " + describe(reply) + " where 0x0 + 8-byte node id or 0x1 was "
        + "expected");
  }

  // ---- framing

  public static void writeFrame(OutputStream out, byte[] message) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(8 + message.length);
    writeLong(frame, message.length);
    frame.write(message);
    out.write(frame.toByteArray());
    out.flush();
  }

  /**
   * The next message, or null when the peer closed the connection between messages.
   *
   * @throws WireException on a length that is negative, zero or over {@link #MAX_MESSAGE_BYTES}
   * @throws EOFException when the connection closes inside a message
   */
  public static byte[] readFrame(InputStream in) throws IOException {
    byte[] prefix = new byte[8];
    int first = in.read();
    if (first < 0) {
      return null;
    }
    prefix[0] = (byte) first;
    readFully(in, prefix, 1);
    long length = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (length <= 0 || length > MAX_MESSAGE_BYTES) {
      throw new WireException("a message length of " + length + " bytes (1 to " + MAX_MESSAGE_BYTES + " expected)");
    }
    byte[] message = new byte[(int) length];
    readFully(in, message, 0);
    return message;
  }

  private static void readFully(InputStream in, byte[] into, int from) throws IOException {
    for (int at = from; at < into.length; ) {
      int n = in.read(into, at, into.length - at);
      if (n < 0) {
        throw new EOFException("the connection closed inside a message (" + at + " of " + into.length + " bytes)");
      }
      at += n;
    }
  }

  // ---- parts

  private static void writeLong(ByteArrayOutputStream out, long value) {
    out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
  }

  /** In name order, so the same resources always make the same bytes. */
  private static void writeResources(ByteArrayOutputStream out, Map<String, Double> resources) {
    for (Map.Entry<String, Double> r : new TreeMap<>(resources).entrySet()) {
      String name = r.getKey();
      if (name.isEmpty() || !StandardCharsets.US_ASCII.newEncoder().canEncode(name) || name.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("resource name '" + name + "' cannot cross the external scheduler's "
            + "wire (it must be non-empty ASCII without NUL)");
      }
      out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
      out.write(0);
      out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(r.getValue()).array());
    }
  }

  private static long nodeId(ByteBuffer body, String what) throws WireException {
    if (body.remaining() < 8) {
      throw new WireException("a " + what + " request without its 8-byte node id");
    }
    return body.getLong();
  }

  private static Map<String, Double> readResources(ByteBuffer body) throws WireException {
    Map<String, Double> out = new LinkedHashMap<>();
    while (body.hasRemaining()) {
      int start = body.position();
      int nul = start;
      while (nul < body.limit() && body.get(nul) != 0) {
        int c = body.get(nul) & 0xff;
        if (c > 0x7f) {
          throw new WireException("a resource name with the non-ASCII byte 0x" + Integer.toHexString(c));
        }
        nul++;
      }
      if (nul == body.limit() || nul + 1 + 8 > body.limit()) {
        throw new WireException("a resource without its NUL and 8-byte value at byte " + start);
      }
      byte[] name = new byte[nul - start];
      body.get(name);
      body.get();
      out.put(new String(name, StandardCharsets.US_ASCII), body.getDouble());
    }
    return out;
  }

  private static String describe(byte[] reply) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(reply.length, 12); i++) {
      hex.append(String.format("%02x", reply[i]));
    }
    return reply.length + " bytes (" + hex + (reply.length > 12 ? "..." : "") + ")";
  }
}
