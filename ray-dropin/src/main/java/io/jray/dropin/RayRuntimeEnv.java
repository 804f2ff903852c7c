package io.jray.dropin;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import com.google.gson.reflect.TypeToken;
import io.ray.api.exception.RuntimeEnvException;
import io.ray.api.runtimeenv.RuntimeEnv;
import io.ray.api.runtimeenv.RuntimeEnvConfig;
import io.ray.api.runtimeenv.types.RuntimeEnvName;
import java.util.List;
import java.util.Map;

/**
 * Ray's {@link RuntimeEnv} for Java on jray: a JSON object of fields, of which jray's workers understand Ray's
 * Java ones, {@code env_vars} (name to value) and {@code java_jars} (paths of jars on the driver's machine). It
 * serializes to that JSON, which Ray's options carry as a string and {@link #toJray} reads back.
 */
final class RayRuntimeEnv implements RuntimeEnv {
  private static final Gson GSON = new Gson();
  private final JsonObject fields;
  private RuntimeEnvConfig config;

  RayRuntimeEnv() {
    this(new JsonObject());
  }

  private RayRuntimeEnv(JsonObject fields) {
    this.fields = fields;
  }

  /** The runtime env a Ray option's string describes (as {@link #serialize} wrote it). */
  static RayRuntimeEnv deserialize(String json) {
    try {
      JsonElement parsed = JsonParser.parseString(json);
      if (!parsed.isJsonObject()) {
        throw new RuntimeEnvException("A runtime env is a JSON object, not " + json + ".");
      }
      return new RayRuntimeEnv(parsed.getAsJsonObject());
    } catch (JsonSyntaxException e) {
      throw new RuntimeEnvException("The runtime env " + json + " is not JSON: " + e.getMessage());
    }
  }

  /**
   * jray's runtime env for the one a Ray option's string describes; null or blank: none.
   *
   * @throws IllegalArgumentException naming a field jray's Java workers do not have
   */
  static io.jray.api.runtimeenv.RuntimeEnv toJray(String serialized) {
    if (serialized == null || serialized.isBlank() || serialized.equals("{}")) {
      return io.jray.api.runtimeenv.RuntimeEnv.empty();
    }
    RayRuntimeEnv ray = deserialize(serialized);
    io.jray.api.runtimeenv.RuntimeEnv.Builder jray = io.jray.api.runtimeenv.RuntimeEnv.builder();
    for (String name : ray.fields.keySet()) {
      switch (name) {
        case RuntimeEnvName.ENV_VARS -> jray.setEnvVars(ray.get(name, new TypeToken<Map<String, String>>() {}));
        case RuntimeEnvName.JARS -> jray.addJavaJars(ray.get(name, new TypeToken<List<String>>() {}));
        default -> throw new IllegalArgumentException("The runtime env field " + name + " is not supported by jray:"
            + " Java workers take " + RuntimeEnvName.ENV_VARS + " and " + RuntimeEnvName.JARS + ".");
      }
    }
    return jray.build();
  }

  private <T> T get(String name, TypeToken<T> type) {
    try {
      return GSON.fromJson(fields.get(name), type.getType());
    } catch (JsonSyntaxException e) {
      throw new IllegalArgumentException("The runtime env field " + name + " is not what it should be ("
          + fields.get(name) + "): " + e.getMessage());
    }
  }

  @Override
  public synchronized void set(String name, Object value) {
    fields.add(name, GSON.toJsonTree(value));
  }

  @Override
  public synchronized void setJsonStr(String name, String json) {
    try {
      fields.add(name, JsonParser.parseString(json));
    } catch (JsonSyntaxException e) {
      throw new RuntimeEnvException("The value of " + name + " is not JSON: " + json);
    }
  }

  @Override
  public synchronized <T> T get(String name, Class<T> type) {
    JsonElement value = fields.get(name);
    return value == null ? null : GSON.fromJson(value, type);
  }

  @Override
  public synchronized String getJsonStr(String name) {
    JsonElement value = fields.get(name);
    return value == null ? null : value.toString();
  }

  @Override
  public synchronized boolean contains(String name) {
    return fields.has(name);
  }

  @Override
  public synchronized boolean remove(String name) {
    return fields.remove(name) != null;
  }

  @Override
  public synchronized String serialize() {
    return fields.toString();
  }

  @Override
  public synchronized boolean isEmpty() {
    return fields.size() == 0;
  }

  @Override
  public String serializeToRuntimeEnvInfo() {
    return serialize();
  }

  @Override
  public synchronized void setConfig(RuntimeEnvConfig config) {
    this.config = config;
  }

  @Override
  public synchronized RuntimeEnvConfig getConfig() {
    return config;
  }
}
