package io.jray.gcs.dashboard;

import com.sun.net.httpserver.HttpExchange;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.rpc.AuthToken;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may use the dashboard: a request with {@code Authorization: Bearer <cluster token>} (the job API's clients),
 * or a browser holding a login cookie. The login form takes the token once and answers with a cookie naming a
 * random session (HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it, which is what keeps
 * a cross-site form from submitting jobs; Secure over HTTPS). The token itself never sits in the browser. Sessions
 * live in this process and last {@link JrayConfig#DASHBOARD_SESSION_TTL_MS}. Thread-safe.
 */
final class DashboardAuth {
  static final String LOGIN_PATH = "/login";
  static final String COOKIE = "jray_dashboard_session";
  private static final String BEARER = "Bearer ";

  private final AuthToken token;
  private final boolean https;
  private final SecureRandom random = new SecureRandom();
  /** Session id -> when it expires (epoch ms). */
  private final Map<String, Long> sessions = new ConcurrentHashMap<>();

  DashboardAuth(AuthToken token, boolean https) {
    this.token = token;
    this.https = https;
  }

  boolean allows(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header != null && header.startsWith(BEARER)) {
      return token.matches(header.substring(BEARER.length()).trim());
    }
    String session = sessionOf(exchange);
    if (session == null) {
      return false;
    }
    Long expires = sessions.get(session);
    if (expires == null || expires < System.currentTimeMillis()) {
      sessions.remove(session);
      return false;
    }
    return true;
  }

  /**
   * Whether a request that changes state may come from where it says: a bearer-token request always (no browser
   * sends the token on its own); a cookie one only from this dashboard's own origin. SameSite=Strict alone does
   * not separate ports of one host, so a page on another port of it could otherwise post with the cookie.
   */
  boolean sameOrigin(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (method.equalsIgnoreCase("GET") || method.equalsIgnoreCase("HEAD")
        || (header != null && header.startsWith(BEARER))) {
      return true;
    }
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (origin != null && !origin.equals("null")) {
      return host != null && origin.equalsIgnoreCase((https ? "https://" : "http://") + host);
    }
    return "same-origin".equals(exchange.getRequestHeaders().getFirst("Sec-Fetch-Site"));
  }

  /** {@code GET /login}: the form; {@code POST /login} with {@code token=...}: a session cookie and the page. */
  void login(Http http) throws IOException {
    if (!http.method("POST")) {
      loginPage(http, 200, "");
      return;
    }
    String presented = formField(http.text(), "token");
    if (presented == null || !token.matches(presented.trim())) {
      loginPage(http, 401, "That is not this cluster's token.");
      return;
    }
    long now = System.currentTimeMillis();
    sessions.values().removeIf(expires -> expires < now);
    byte[] bits = new byte[32];
    random.nextBytes(bits);
    String session = HexFormat.of().formatHex(bits);
    long ttl = JrayConfig.DASHBOARD_SESSION_TTL_MS.get();
    sessions.put(session, now + ttl);
    http.exchange().getResponseHeaders().add("Set-Cookie", COOKIE + "=" + session + "; Path=/; Max-Age="
        + ttl / 1000 + "; HttpOnly; SameSite=Strict" + (https ? "; Secure" : ""));
    http.exchange().getResponseHeaders().set("Location", "/");
    http.send(303, "text/plain; charset=utf-8", new byte[0]);
  }

  void loginPage(Http http, int status, String problem) throws IOException {
    String page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>jray dashboard: log in</title>
        <style>body{font-family:sans-serif;margin:4em auto;max-width:32em}input{font-size:1em;padding:.3em}
        input[type=password]{width:100%%}.problem{color:#b00}</style></head>
        <body><h1>jray dashboard</h1>
        <p>Log in with the cluster token (<code>~/.jray/auth_token</code> on the head, or JRAY_AUTH_TOKEN).</p>
        <p class="problem" id="problem">%s</p>
        <form method="post" action="/login">
        <p><input type="password" name="token" id="token" autocomplete="current-password" autofocus></p>
        <p><input type="submit" id="login" value="Log in"></p>
        </form></body></html>
        """.formatted(problem);
    http.send(status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
  }

  private static String sessionOf(HttpExchange exchange) {
    for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
      for (String part : header.split(";")) {
        String cookie = part.trim();
        if (cookie.startsWith(COOKIE + "=")) {
          return cookie.substring(COOKIE.length() + 1);
        }
      }
    }
    return null;
  }

  private static String formField(String form, String name) {
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
