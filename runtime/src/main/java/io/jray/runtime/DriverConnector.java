package io.jray.runtime;

import io.grpc.ManagedChannel;
import io.jray.proto.Address;
import io.jray.proto.NodeInfo;
import io.jray.proto.NodeState;
import io.jray.proto.RegisterDriverRequest;
import io.jray.runtime.cluster.ClusterAddress;
import io.jray.runtime.driver.LocalClusterStarter;
import io.jray.runtime.gcs.DriverRegistration;
import io.jray.runtime.gcs.GcsClient;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.HealthProbe;
import io.jray.runtime.rpc.HostPort;
import io.jray.runtime.rpc.RpcChannels;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * {@code Ray.init} in a driver: finds the cluster (API.md "Connecting"), or starts a local one, registers the
 * driver as a job with the GCS, and wires a {@link CoreWorker} that submits through this host's raylet.
 */
final class DriverConnector {
  private DriverConnector() {}

  static RayRuntimeImpl connect(String address) {
    StartupWarmup.forDriver(System.getProperty("java.class.path"));
    AuthToken token = AuthToken.find();
    LocalClusterStarter.LocalCluster local = null;
    HostPort gcsAddress;
    if ("local".equals(address)) {
      token = token != null ? token : AuthToken.findOrCreate();
      local = startLocal(token);
      gcsAddress = local.gcsAddress();
    } else if (address != null && !address.equals("auto")) {
      gcsAddress = HostPort.parse(address);
    } else {
      Optional<ClusterAddress.Resolved> found = ClusterAddress.resolve(null, ClusterAddress.defaultTempDir());
      HealthProbe.Probe probed = found.isPresent() && token != null ? probe(found.get().address(), token)
          : new HealthProbe.Probe(HealthProbe.Result.UNREACHABLE, null);
      HealthProbe.Result probe = probed.result();
      if (probe == HealthProbe.Result.TLS_MISMATCH) {
        throw new IllegalStateException(probed.problem());
      }
      if (probe == HealthProbe.Result.UNAUTHENTICATED) {
        // Never a private local cluster instead: the program would run, and its job be missing from the cluster.
        throw new IllegalStateException(AuthToken.rejectedBy(found.get().address(), "this process's"));
      }
      if (probe == HealthProbe.Result.SERVING) {
        gcsAddress = found.get().address();
      } else if (found.isPresent() && found.get().source() == ClusterAddress.Source.ENVIRONMENT) {
        throw new IllegalStateException("No jray cluster answers at " + found.get().address() + " (from "
            + ClusterAddress.ENV_ADDRESS + "); start one with 'jray start --head' or fix the address.");
      } else if ("auto".equals(address)) {
        throw new IllegalStateException("No running jray cluster was found: " + ClusterAddress.ENV_ADDRESS
            + " is not set and " + ClusterAddress.file(ClusterAddress.defaultTempDir())
            + " names no live cluster; start one with 'jray start --head'.");
      } else {
        token = token != null ? token : AuthToken.findOrCreate();
        local = startLocal(token);
        gcsAddress = local.gcsAddress();
      }
    }
    if (token == null) {
      throw new IllegalStateException("No cluster token was found; set JRAY_AUTH_TOKEN or copy the head's "
          + AuthToken.tokenFile() + " to this machine.");
    }
    GcsClient gcs = new GcsClient(gcsAddress, token).patient();
    try {
      NodeInfo raylet = localRaylet(gcs.getAllNodeInfo(), gcsAddress);
      String ip = localAddressTowards(gcsAddress);
      CoreWorker core = new CoreWorker(token, gcs, raylet.getNodeId());
      if (local != null) {
        core.closeWith(local);
      }
      core.attachObjectStore(raylet.getNodeIp(), raylet.getObjectStorePort(), token);
      core.serve(token, ip, ip, false);
      core.printWorkerLogs();
      String namespace = System.getProperty("jray.job.namespace", "");
      DriverRegistration job = DriverRegistration.register(gcs, RegisterDriverRequest.newBuilder()
          .setDriverAddress(core.address()).setDriverPid(ProcessHandle.current().pid()).setNamespace(namespace)
          .setSubmissionId(java.util.Objects.requireNonNullElse(System.getenv("JRAY_JOB_SUBMISSION_ID"), ""))
          .build());
      core.closeWith(job);
      Address localRaylet = Address.newBuilder().setIp(raylet.getNodeIp()).setPort(raylet.getNodeManagerPort()).build();
      core.startSubmitting(job.jobId(), localRaylet, job.namespace());
      core.reportMetricsTo(localRaylet);
      core.jobPackages(); // ship the driver's code now: a bad classpath fails init, not the first task
      return new RayRuntimeImpl(core);
    } catch (IOException | RuntimeException e) {
      gcs.close();
      if (local != null) {
        local.close();
      }
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Whether a GCS serves there; a refused connection answers at once, a GCS slowed by a busy machine gets time. */
  private static HealthProbe.Probe probe(HostPort gcs, AuthToken token) {
    ManagedChannel channel = RpcChannels.open(gcs);
    try {
      return HealthProbe.probe(channel, token, JrayConfig.GCS_CONNECT_TIMEOUT_MS.get(), gcs);
    } finally {
      RpcChannels.close(channel);
    }
  }

  private static LocalClusterStarter.LocalCluster startLocal(AuthToken token) {
    LocalClusterStarter starter = ServiceLoader.load(LocalClusterStarter.class).findFirst()
        .orElseThrow(() -> new IllegalStateException("No jray cluster is running and jray-node-daemon is not on "
            + "the classpath to start one; start a cluster with 'jray start --head' or add 'jray classpath'."));
    try {
      return starter.start(token, ProcessHandle.current().pid());
    } catch (Exception e) {
      throw new IllegalStateException("Could not start a local jray cluster: " + e.getMessage(), e);
    }
  }

  /** The raylet on this host a driver submits through: the head if it runs here, else any node here. */
  static NodeInfo localRaylet(List<NodeInfo> nodes, HostPort gcs) {
    String override = System.getProperty("jray.node_id");
    return nodes.stream()
        .filter(n -> n.getState() == NodeState.NODE_ALIVE)
        .filter(n -> override == null ? isLocal(n.getNodeIp())
            : java.util.HexFormat.of().formatHex(n.getNodeId().toByteArray()).equals(override))
        .min(Comparator.comparing((NodeInfo n) -> !n.getIsHead()))
        .orElseThrow(() -> new IllegalStateException("No live jray node runs on this host (cluster at " + gcs
            + "); start one here with 'jray start --address=" + gcs + "'."));
  }

  private static boolean isLocal(String ip) {
    return io.jray.runtime.rpc.LocalAddresses.isLocal(ip);
  }

  private static String localAddressTowards(HostPort gcs) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(gcs.host(), gcs.port()), 5000);
      return socket.getLocalAddress().getHostAddress();
    }
  }

}
