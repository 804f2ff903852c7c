package io.jray.runtime.rpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/** Rejects every call that does not carry the cluster token with UNAUTHENTICATED. Installed on every server. */
public final class TokenServerInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  static final String BEARER = "Bearer ";

  private final AuthToken token;

  public TokenServerInterceptor(AuthToken token) {
    this.token = token;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String header = headers.get(AUTHORIZATION);
    String presented = header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()) : null;
    if (!token.matches(presented)) {
      call.close(Status.UNAUTHENTICATED.withDescription(
          presented == null ? "no cluster token was sent" : "the cluster token was rejected"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }
}
