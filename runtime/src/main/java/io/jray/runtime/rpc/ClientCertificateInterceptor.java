package io.jray.runtime.rpc;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * With TLS on, refuses every call whose connection presented no client certificate signed by the cluster CA,
 * except a health check that carries no token (see {@link TokenServerInterceptor}); jray's own probes carry the
 * token, so they are checked in full and learn when their certificate is wrong. A certificate that was presented has already been checked
 * against the cluster CA in the handshake ({@link ClusterTls}); one another CA signed never gets this far.
 */
final class ClientCertificateInterceptor implements ServerInterceptor {
  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    if (TokenServerInterceptor.isAnonymousHealthCheck(call, headers) || hasClientCertificate(call)) {
      return next.startCall(call, headers);
    }
    call.close(Status.UNAUTHENTICATED.withDescription(
        "no client certificate was presented; this cluster requires TLS client certificates signed by its CA"),
        new Metadata());
    return new ServerCall.Listener<>() {};
  }

  private static boolean hasClientCertificate(ServerCall<?, ?> call) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (session == null) {
      return false;
    }
    try {
      return session.getPeerCertificates().length > 0;
    } catch (SSLPeerUnverifiedException none) {
      return false;
    }
  }
}
