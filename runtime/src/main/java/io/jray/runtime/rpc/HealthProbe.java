package io.jray.runtime.rpc;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.TimeUnit;

/**
 * One call of the standard gRPC health service, as the launcher and the GCS's health checker make it. It carries
 * the token, so the server checks it (and the client certificate under TLS) as for any other call.
 */
public final class HealthProbe {
  private HealthProbe() {}

  /** What a probe found. */
  public enum Result { SERVING, NOT_SERVING, UNREACHABLE, UNAUTHENTICATED, TLS_MISMATCH }

  /** A result, and for TLS_MISMATCH the sentence that says what does not match. */
  public record Probe(Result result, String problem) {}

  public static Result check(ManagedChannel channel, AuthToken token, long timeoutMs) {
    return probe(channel, token, timeoutMs, "").result();
  }

  /** As {@link #check}, naming {@code where} in the sentence of a TLS mismatch. */
  public static Probe probe(ManagedChannel channel, AuthToken token, long timeoutMs, Object where) {
    try {
      HealthCheckResponse reply = HealthGrpc.newBlockingStub(channel)
          .withCallCredentials(RpcChannels.credentials(token))
          .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
          .check(HealthCheckRequest.getDefaultInstance());
      return new Probe(reply.getStatus() == HealthCheckResponse.ServingStatus.SERVING ? Result.SERVING
          : Result.NOT_SERVING, null);
    } catch (StatusRuntimeException e) {
      String tls = TransportFailures.describe(e, where);
      if (tls != null) {
        return new Probe(Result.TLS_MISMATCH, tls);
      }
      return new Probe(e.getStatus().getCode() == Status.Code.UNAUTHENTICATED ? Result.UNAUTHENTICATED
          : Result.UNREACHABLE, null);
    }
  }
}
