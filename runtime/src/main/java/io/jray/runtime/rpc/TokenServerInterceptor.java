package io.jray.runtime.rpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Rejects every call that does not carry the cluster token with UNAUTHENTICATED. Installed on every server. The
 * standard health service alone also answers a call that carries no token (it says only SERVING, and Kubernetes'
 * gRPC probes and grpc_health_probe send none); a health call with a wrong token is still refused, so a jray
 * client probing with its token learns that the token is wrong.
 */
public final class TokenServerInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final String BEARER = "Bearer ";
  static final String HEALTH_SERVICE = io.grpc.health.v1.HealthGrpc.SERVICE_NAME;

  private final AuthToken token;

  public TokenServerInterceptor(AuthToken token) {
    this.token = token;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String header = headers.get(AUTHORIZATION);
    String presented = header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()) : null;
    if (isAnonymousHealthCheck(call, headers)) {
      return next.startCall(call, headers);
    }
    if (!token.matches(presented)) {
      call.close(Status.UNAUTHENTICATED.withDescription(
          presented == null ? "no cluster token was sent" : "the cluster token was rejected"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }

  /** A call of the health service that presents no token: answered, since it can only learn SERVING. */
  static boolean isAnonymousHealthCheck(ServerCall<?, ?> call, Metadata headers) {
    return HEALTH_SERVICE.equals(call.getMethodDescriptor().getServiceName()) && !headers.containsKey(AUTHORIZATION);
  }
}
