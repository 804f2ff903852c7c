package io.jray.node.metrics;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.jray.runtime.rpc.AuthToken;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import java.io.IOException;

/**
 * A daemon's Prometheus endpoint ({@code GET /metrics}, text format) on its node's address: every metric of the
 * process's default registry, JVM and process metrics included (heap, GC, threads, RSS, CPU). Like every other
 * entry point it needs the cluster token, as a bearer token (Prometheus sends it from
 * {@code authorization.credentials_file}); without it the answer is 401. With TLS on it speaks HTTPS.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private static boolean jvmRegistered;

  private final HTTPServer server;

  private MetricsEndpoint(HTTPServer server) {
    this.server = server;
  }

  /** Starts it on {@code host:port} (0: a free port). */
  public static MetricsEndpoint start(String host, int port, AuthToken token) throws IOException {
    synchronized (MetricsEndpoint.class) {
      if (!jvmRegistered) {
        JvmMetrics.builder().register();
        jvmRegistered = true;
      }
    }
    HTTPServer.Builder builder = HTTPServer.builder().hostname(host).port(port).authenticator(new BearerToken(token));
    if (io.jray.runtime.rpc.ClusterTls.enabled()) {
      // A cluster that speaks TLS serves its metrics over HTTPS with the same certificate.
      builder.httpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(
          io.jray.runtime.rpc.ClusterTls.httpsServerContext()));
    }
    return new MetricsEndpoint(builder.buildAndStart());
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }

  /** Lets a request through only with {@code Authorization: Bearer <cluster token>} (compared in constant time). */
  private static final class BearerToken extends Authenticator {
    private static final String PREFIX = "Bearer ";
    private final AuthToken token;

    BearerToken(AuthToken token) {
      this.token = token;
    }

    @Override
    public Result authenticate(HttpExchange exchange) {
      String header = exchange.getRequestHeaders().getFirst("Authorization");
      if (header != null && header.startsWith(PREFIX) && token.matches(header.substring(PREFIX.length()).trim())) {
        return new Success(new HttpPrincipal("jray", "jray"));
      }
      exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"jray\"");
      return new Failure(401);
    }
  }
}
