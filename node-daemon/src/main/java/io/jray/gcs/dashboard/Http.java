package io.jray.gcs.dashboard;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** One dashboard request as its handlers use it: the method, a bounded body, JSON and text answers. */
final class Http {
  /** A JSON request body larger than this is refused (jars go through {@link #body(long)} with their own bound). */
  static final int MAX_JSON_BYTES = 1 << 20;
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private final HttpExchange exchange;

  Http(HttpExchange exchange) {
    this.exchange = exchange;
  }

  HttpExchange exchange() {
    return exchange;
  }

  boolean method(String name) {
    return exchange.getRequestMethod().equalsIgnoreCase(name);
  }

  /** The request body as a stream, refused past {@code max} bytes. */
  InputStream body(long max) {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > max) {
          throw new HttpError(413, "The request body is larger than " + max + " bytes.");
        }
      } catch (NumberFormatException e) {
        throw new HttpError(400, "Content-Length is not a number.");
      }
    }
    return exchange.getRequestBody();
  }

  String text() throws IOException {
    byte[] bytes = body(MAX_JSON_BYTES).readNBytes(MAX_JSON_BYTES + 1);
    if (bytes.length > MAX_JSON_BYTES) {
      throw new HttpError(413, "The request body is larger than " + MAX_JSON_BYTES + " bytes.");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The body as a JSON value; an empty body is JSON null. */
  JsonElement json() throws IOException {
    String text = text();
    try {
      return text.isBlank() ? com.google.gson.JsonNull.INSTANCE : JsonParser.parseString(text);
    } catch (JsonParseException e) {
      throw new HttpError(400, "The request body is not JSON: " + e.getMessage());
    }
  }

  void json(int status, Object value) throws IOException {
    send(status, "application/json", GSON.toJson(value).getBytes(StandardCharsets.UTF_8));
  }

  void send(int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    // The page is the only script that runs here; nothing of it is framed by another site.
    exchange.getResponseHeaders().set("Content-Security-Policy",
        "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
