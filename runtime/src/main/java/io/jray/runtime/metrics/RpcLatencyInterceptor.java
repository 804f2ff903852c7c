package io.jray.runtime.metrics;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.prometheus.metrics.core.metrics.Histogram;

/**
 * Times every unary call a jray gRPC server answers, by method and status, into
 * {@code jray_grpc_server_request_duration_seconds} (Ray's grpc_server_req_process_time_ms, in Prometheus's base
 * unit); the daemons export it on their metrics port. Streams are not timed: their length is their life.
 */
public final class RpcLatencyInterceptor implements ServerInterceptor {
  private static final Histogram LATENCY = Histogram.builder()
      .name("jray_grpc_server_request_duration_seconds")
      .help("Time a gRPC server took to answer a unary call, by method and status.")
      .labelNames("method", "status")
      .register();

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
      ServerCallHandler<Q, A> next) {
    if (call.getMethodDescriptor().getType() != MethodDescriptor.MethodType.UNARY) {
      return next.startCall(call, headers);
    }
    long start = System.nanoTime();
    String method = call.getMethodDescriptor().getFullMethodName();
    return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        LATENCY.labelValues(method, status.getCode().name()).observe((System.nanoTime() - start) / 1e9);
        super.close(status, trailers);
      }
    }, headers);
  }
}
