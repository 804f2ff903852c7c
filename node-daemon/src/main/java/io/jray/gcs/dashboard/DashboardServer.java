package io.jray.gcs.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jray.runtime.process.DaemonThreads;
import io.jray.runtime.rpc.AuthToken;
import io.jray.runtime.rpc.ClusterTls;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The head's dashboard (Ray's, on 8265): the page ({@code /}, static HTML and JavaScript from this jar that polls
 * {@code /api/cluster}), Ray's job REST API ({@link JobsApi}) and the login form ({@link DashboardAuth}), on the
 * JDK's HTTP server, HTTPS with the cluster's certificate when the cluster runs TLS. Every path but the login
 * form needs the token. A bad request is answered, never fatal. Requests run on a small pool of its own.
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DashboardServer.class.getName());
  private static final String RESOURCES = "/io/jray/gcs/dashboard/";
  private static final Map<String, String> PAGES = Map.of(
      "/", "index.html", "/index.html", "index.html", "/app.js", "app.js");

  private final HttpServer server;
  /**
   * 16 threads, so a few slow clients do not hold every one; a request that is not done in
   * {@code sun.net.httpserver.maxReqTime} (GcsMain sets 300 s) is cut off by the server.
   */
  private final ExecutorService pool = Executors.newFixedThreadPool(16, DaemonThreads.named("dashboard"));
  private final DashboardAuth auth;
  private final JobsApi jobs;
  private final ClusterView cluster;
  private final boolean https;

  private DashboardServer(HttpServer server, boolean https, AuthToken token, JobsApi jobs, ClusterView cluster) {
    this.server = server;
    this.https = https;
    this.auth = new DashboardAuth(token, https);
    this.jobs = jobs;
    this.cluster = cluster;
    server.createContext("/", this::handle);
    server.setExecutor(pool);
  }

  /** Binds {@code host:port} (0: any free port) and starts serving. */
  public static DashboardServer start(String host, int port, AuthToken token, JobsApi jobs, ClusterView cluster)
      throws IOException {
    InetSocketAddress address = new InetSocketAddress(host, port);
    HttpServer server;
    boolean https = ClusterTls.enabled();
    if (https) {
      HttpsServer secure = HttpsServer.create(address, 64);
      secure.setHttpsConfigurator(new HttpsConfigurator(ClusterTls.httpsServerContext()));
      server = secure;
    } else {
      server = HttpServer.create(address, 64);
    }
    DashboardServer dashboard = new DashboardServer(server, https, token, jobs, cluster);
    server.start();
    return dashboard;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The address a browser opens: a dashboard bound to every interface is reached at {@code nodeIp}. */
  public String url(String host, String nodeIp) {
    return url(https, host, nodeIp, port());
  }

  /** The URL of a dashboard on {@code host:port}; one bound to every interface is reached at {@code nodeIp}. */
  public static String url(boolean https, String host, String nodeIp, int port) {
    String shown = host.equals("0.0.0.0") || host.equals("::") ? nodeIp : host;
    if (shown.contains(":")) {
      shown = "[" + shown + "]";
    }
    return (https ? "https" : "http") + "://" + shown + ":" + port;
  }

  private void handle(HttpExchange exchange) {
    Http http = new Http(exchange);
    try {
      String path = exchange.getRequestURI().getPath();
      if (path.equals(DashboardAuth.LOGIN_PATH)) {
        auth.login(http);
        return;
      }
      if (!auth.allows(exchange)) {
        if (path.startsWith("/api/")) {
          http.json(401, Map.of("error", "The dashboard needs the cluster token: send 'Authorization: Bearer <token>'."));
        } else {
          auth.loginPage(http, 401, "");
        }
        return;
      }
      if (!auth.sameOrigin(exchange)) {
        http.json(403, Map.of("error", "A request with the login cookie that changes something must come from the"
            + " dashboard's own page (its Origin must be this dashboard)."));
        return;
      }
      if (path.equals("/api/cluster") && http.method("GET")) {
        http.json(200, cluster.snapshot());
      } else if (path.startsWith("/api/")) {
        jobs.handle(http, path);
      } else if (PAGES.containsKey(path) && http.method("GET")) {
        serveResource(http, PAGES.get(path));
      } else {
        http.json(404, Map.of("error", "No such page: " + path));
      }
    } catch (HttpError e) {
      answerError(http, e.status(), e.getMessage());
    } catch (IOException e) {
      LOG.log(Level.FINE, "dashboard request broken off", e);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "dashboard request failed: " + exchange.getRequestURI(), e);
      answerError(http, 500, "The request failed: " + e);
    } finally {
      exchange.close();
    }
  }

  private static void answerError(Http http, int status, String message) {
    try {
      http.json(status, Map.of("error", message));
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "could not answer a failed dashboard request", e);
    }
  }

  private static void serveResource(Http http, String name) throws IOException {
    try (InputStream in = DashboardServer.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new HttpError(404, "No such page: " + name);
      }
      http.send(200, name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8",
          in.readAllBytes());
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
