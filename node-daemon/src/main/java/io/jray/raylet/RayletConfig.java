package io.jray.raylet;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import io.jray.node.DaemonArgs;
import io.jray.runtime.rpc.HostPort;
import java.lang.reflect.Type;
import java.util.HexFormat;
import java.util.Map;

/** What a raylet is told at start: who it is, where the GCS is, what the node has, where its workers listen. */
public record RayletConfig(
    byte[] nodeId,
    String nodeIp,
    String bindHost,
    HostPort gcsAddress,
    int objectStorePort,
    Map<String, Double> resources,
    Map<String, String> labels,
    boolean head,
    String sessionDir) {

  private static final Gson GSON = new Gson();
  private static final Type RESOURCES = new TypeToken<Map<String, Double>>() {}.getType();
  private static final Type LABELS = new TypeToken<Map<String, String>>() {}.getType();

  static RayletConfig from(DaemonArgs args) {
    return new RayletConfig(
        HexFormat.of().parseHex(args.get("node-id")),
        args.get("node-ip"),
        args.get("bind-host", args.get("node-ip")),
        HostPort.parse(args.get("gcs-address")),
        args.getInt("object-store-port", 0),
        GSON.fromJson(args.get("resources"), RESOURCES),
        GSON.fromJson(args.get("labels", "{}"), LABELS),
        Boolean.parseBoolean(args.get("head", "false")),
        args.get("session-dir"));
  }
}
