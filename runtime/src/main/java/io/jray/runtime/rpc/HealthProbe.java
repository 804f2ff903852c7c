package io.jray.runtime.rpc;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.TimeUnit;

/** One call of the standard gRPC health service, as the launcher and the GCS's health checker make it. */
public final class HealthProbe {
  private HealthProbe() {}

  /** What a probe found. */
  public enum Result { SERVING, NOT_SERVING, UNREACHABLE, UNAUTHENTICATED }

  public static Result check(ManagedChannel channel, AuthToken token, long timeoutMs) {
    try {
      HealthCheckResponse reply = HealthGrpc.newBlockingStub(channel)
          .withCallCredentials(RpcChannels.credentials(token))
          .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
          .check(HealthCheckRequest.getDefaultInstance());
      return reply.getStatus() == HealthCheckResponse.ServingStatus.SERVING ? Result.SERVING : Result.NOT_SERVING;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() == Status.Code.UNAUTHENTICATED ? Result.UNAUTHENTICATED : Result.UNREACHABLE;
    }
  }
}
