package io.jray.runtime.scheduling;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed label selector in Ray's syntax: per label key {@code "v"} (equals), {@code "!v"} (not equals; a node
 * without the label matches), {@code "in(a,b)"} and {@code "!in(a,b)"}. Immutable; used by drivers (to refuse a bad
 * selector at submission), raylets and the GCS (to filter nodes).
 */
public final class LabelSelector {
  /** Ray's default label holding a node's id (hex). */
  public static final String NODE_ID_LABEL = "ray.io/node-id";
  /** Ray's default label holding a node's accelerator type, when known. */
  public static final String ACCELERATOR_TYPE_LABEL = "ray.io/accelerator-type";

  public static final LabelSelector ANY = new LabelSelector(List.of());

  private record Condition(String key, boolean negated, Set<String> values) {
    boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      boolean in = value != null && values.contains(value);
      return negated != in;
    }
  }

  private final List<Condition> conditions;

  private LabelSelector(List<Condition> conditions) {
    this.conditions = conditions;
  }

  /** @throws IllegalArgumentException naming the entry when one is not in Ray's syntax */
  public static LabelSelector parse(Map<String, String> selector) {
    if (selector.isEmpty()) {
      return ANY;
    }
    List<Condition> conditions = new ArrayList<>();
    selector.forEach((key, raw) -> conditions.add(condition(key, raw)));
    return new LabelSelector(List.copyOf(conditions));
  }

  private static Condition condition(String key, String raw) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("A label selector key is empty.");
    }
    String body = raw == null ? "" : raw.strip();
    boolean negated = body.startsWith("!");
    if (negated) {
      body = body.substring(1).strip();
    }
    Set<String> values = new LinkedHashSet<>();
    if (body.startsWith("in(") && body.endsWith(")")) {
      for (String v : body.substring(3, body.length() - 1).split(",", -1)) {
        if (v.isBlank()) {
          throw bad(key, raw);
        }
        values.add(v.strip());
      }
    } else if (body.isEmpty() || body.contains("(") || body.contains(")") || body.contains(",")) {
      throw bad(key, raw);
    } else {
      values.add(body);
    }
    return new Condition(key, negated, Set.copyOf(values));
  }

  private static IllegalArgumentException bad(String key, String raw) {
    return new IllegalArgumentException("The label selector " + key + "=\"" + raw
        + "\" is not in Ray's syntax: use \"v\", \"!v\", \"in(a,b)\" or \"!in(a,b)\".");
  }

  /** Whether a node with these labels satisfies every condition. */
  public boolean matches(Map<String, String> labels) {
    for (Condition c : conditions) {
      if (!c.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  public boolean isEmpty() {
    return conditions.isEmpty();
  }
}
