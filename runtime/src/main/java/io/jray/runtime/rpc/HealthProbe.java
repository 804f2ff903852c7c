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
      return failed(e, where);
    }
  }

  /**
   * As {@link #check}, without a thread waiting for the answer: the GCS probes thousands of nodes each period, and a
   * thread per probe in flight would be thousands of threads when nodes hang.
   */
  public static java.util.concurrent.CompletableFuture<Result> checkAsync(ManagedChannel channel, AuthToken token,
      long timeoutMs) {
    java.util.concurrent.CompletableFuture<Result> result = new java.util.concurrent.CompletableFuture<>();
    HealthGrpc.newStub(channel)
        .withCallCredentials(RpcChannels.credentials(token))
        .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
        .check(HealthCheckRequest.getDefaultInstance(), new io.grpc.stub.StreamObserver<>() {
          @Override
          public void onNext(HealthCheckResponse reply) {
            result.complete(reply.getStatus() == HealthCheckResponse.ServingStatus.SERVING ? Result.SERVING
                : Result.NOT_SERVING);
          }

          @Override
          public void onError(Throwable error) {
            result.complete(failed(Status.fromThrowable(error).asRuntimeException(), "").result());
          }

          @Override
          public void onCompleted() {
            result.complete(Result.NOT_SERVING); // no answer before the end: not a serving node
          }
        });
    return result;
  }

  private static Probe failed(StatusRuntimeException e, Object where) {
    String tls = TransportFailures.describe(e, where);
    if (tls != null) {
      return new Probe(Result.TLS_MISMATCH, tls);
    }
    return new Probe(e.getStatus().getCode() == Status.Code.UNAUTHENTICATED ? Result.UNAUTHENTICATED
        : Result.UNREACHABLE, null);
  }
}
