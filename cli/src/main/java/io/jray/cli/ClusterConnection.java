package io.jray.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jray.runtime.cluster.ClusterAddress;
import io.jray.runtime.gcs.GcsClient;
import io.jray.runtime.rpc.AuthToken;
import java.util.function.Function;

/**
 * A CLI command's link to the cluster: resolves the address (--address > JRAY_ADDRESS > address file), opens
 * the GCS client, and turns RPC failures into the sentences users see (no cluster, stale address file, wrong
 * token).
 */
final class ClusterConnection implements AutoCloseable {
  private final ClusterAddress.Resolved resolved;
  private final GcsClient gcs;

  private ClusterConnection(ClusterAddress.Resolved resolved, GcsClient gcs) {
    this.resolved = resolved;
    this.gcs = gcs;
  }

  static ClusterConnection open(AddressMixin address) {
    ClusterAddress.Resolved resolved = ClusterAddress.resolve(address.address, address.tempDir.get())
        .orElseThrow(() -> new CliException("No jray cluster is recorded in "
            + ClusterAddress.file(address.tempDir.get()) + "; start one with 'jray start --head' or pass --address."));
    AuthToken token = AuthToken.find();
    if (token == null) {
      throw new CliException("No cluster token was found; set JRAY_AUTH_TOKEN or copy the head's "
          + AuthToken.tokenFile() + " to this machine.");
    }
    return new ClusterConnection(resolved, new GcsClient(resolved.address(), token));
  }

  /** Runs one GCS call, translating failures into one sentence. */
  <T> T call(Function<GcsClient, T> rpc) {
    try {
      return rpc.apply(gcs);
    } catch (StatusRuntimeException e) {
      throw translate(e);
    }
  }

  private CliException translate(StatusRuntimeException e) {
    String where = resolved.address().toString();
    Status.Code code = e.getStatus().getCode();
    if (code == Status.Code.UNAUTHENTICATED) {
      return new CliException("The jray cluster at " + where + " rejected the cluster token; set JRAY_AUTH_TOKEN "
          + "(or " + AuthToken.tokenFile() + ") to the head's token.", ExitCodes.FAILED, e);
    }
    if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
      if (resolved.source() == ClusterAddress.Source.ADDRESS_FILE) {
        return new CliException("The address file " + resolved.file() + " names " + where
            + ", but no jray cluster answers there (stale file); start one with 'jray start --head'.",
            ExitCodes.FAILED, e);
      }
      return new CliException("No jray cluster is running at " + where + ". Start one with 'jray start --head'.",
          ExitCodes.FAILED, e);
    }
    return new CliException("The jray cluster at " + where + " failed the request: " + e.getStatus().getCode()
        + " " + e.getStatus().getDescription() + ".", ExitCodes.FAILED, e);
  }

  String address() {
    return resolved.address().toString();
  }

  @Override
  public void close() {
    gcs.close();
  }
}
