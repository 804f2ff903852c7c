package io.jray.runtime.rpc;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/** Attaches the cluster token to every outgoing call of a channel. */
public final class TokenCallCredentials extends CallCredentials {
  private final Metadata headers = new Metadata();

  public TokenCallCredentials(AuthToken token) {
    headers.put(TokenServerInterceptor.AUTHORIZATION, TokenServerInterceptor.BEARER + token.value());
  }

  @Override
  public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    applier.apply(headers);
  }
}
