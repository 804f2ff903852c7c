package io.jray.cli.launcher;

import io.jray.cli.CliException;
import io.jray.cli.ExitCodes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of a cluster file, read key by key into Java values. It works on snakeyaml's composed node tree
 * (not loaded maps) so that every error names the key's full path and its line: an unknown key (with a suggestion
 * when it looks like a typo), a duplicate key, a value of the wrong type, a missing required key.
 */
final class YamlMapping {
  private final String file;
  private final String path;
  private final Node node;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

  /** @param read false for an absent mapping: no entries, and {@code node} (its parent) gives the line */
  private YamlMapping(String file, String path, Node node, boolean read) {
    this.file = file;
    this.path = path;
    this.node = node;
    if (read && node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
          throw error(tuple.getKeyNode(), "a key " + where() + "must be a plain name, not a list or a mapping");
        }
        if (entries.putIfAbsent(key.getValue(), tuple) != null) {
          throw error(key, "the key '" + qualified(key.getValue()) + "' appears twice");
        }
      }
    }
  }

  /** The top-level mapping of a file. */
  static YamlMapping root(String file, Node node) {
    if (!(node instanceof MappingNode)) {
      throw new YamlMapping(file, "", node, false).error(node, "the file must be a mapping of keys (cluster_name: ..., provider: ...), not " + describe(node));
    }
    return new YamlMapping(file, "", node, true);
  }

  /** Fails on the first key (in file order) that is not one of {@code known}. */
  YamlMapping allowOnly(List<String> known) {
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      if (!known.contains(e.getKey())) {
        String suggestion = closest(e.getKey(), known).map(k -> "; did you mean '" + k + "'?").orElse("");
        throw error(e.getValue().getKeyNode(), "unknown key '" + qualified(e.getKey()) + "'" + suggestion
            + (suggestion.isEmpty() ? " (known keys " + where() + "are: " + String.join(", ", known) + ")" : ""));
      }
    }
    return this;
  }

  List<String> keys() {
    return List.copyOf(entries.keySet());
  }

  boolean has(String key) {
    NodeTuple tuple = entries.get(key);
    return tuple != null && !isNull(tuple.getValueNode());
  }

  int line(String key) {
    NodeTuple tuple = entries.get(key);
    return lineOf(tuple != null ? tuple.getKeyNode() : node);
  }

  String file() {
    return file;
  }

  String requiredString(String key) {
    return optionalString(key).orElseThrow(() -> missing(key));
  }

  Optional<String> optionalString(String key) {
    Node value = value(key);
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(scalarText(value, qualified(key), "a string"));
  }

  Optional<Long> optionalWholeNumber(String key, long min, long max) {
    Node value = value(key);
    if (value == null) {
      return Optional.empty();
    }
    long n = wholeNumber(value, qualified(key));
    if (n < min || n > max) {
      throw error(value, "'" + qualified(key) + "' must be between " + min + " and " + max + ", not " + n);
    }
    return Optional.of(n);
  }

  /** A list of strings; an absent or empty key is an empty list. */
  List<String> stringList(String key) {
    Node value = value(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof SequenceNode seq)) {
      throw error(value, "'" + qualified(key) + "' must be a list (lines starting with '- '), not " + describe(value));
    }
    List<String> items = new ArrayList<>();
    for (int i = 0; i < seq.getValue().size(); i++) {
      items.add(scalarText(seq.getValue().get(i), qualified(key) + "[" + i + "]", "a string"));
    }
    return items;
  }

  /** A nested mapping; an absent key is empty (use {@link #has} first when it is required). */
  YamlMapping mapping(String key) {
    Node value = value(key);
    if (value != null && !(value instanceof MappingNode)) {
      throw error(value, "'" + qualified(key) + "' must be a mapping (indented key: value lines), not " + describe(value));
    }
    return value == null ? new YamlMapping(file, qualified(key), node, false) : new YamlMapping(file, qualified(key), value, true);
  }

  YamlMapping requiredMapping(String key) {
    if (!has(key)) {
      throw missing(key);
    }
    return mapping(key);
  }

  /** Every value of this mapping as a string. */
  Map<String, String> stringValues() {
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : entries.keySet()) {
      values.put(key, optionalString(key).orElseThrow(() -> error(entries.get(key).getValueNode(),
          "'" + qualified(key) + "' must be a string, not empty")));
    }
    return values;
  }

  /** Every value of this mapping as a number. */
  Map<String, Double> numberValues() {
    Map<String, Double> values = new LinkedHashMap<>();
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      Node value = e.getValue().getValueNode();
      if (!(value instanceof ScalarNode scalar) || !(scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
        throw error(value, "'" + qualified(e.getKey()) + "' must be a number, not " + describe(value));
      }
      try {
        values.put(e.getKey(), Double.parseDouble(scalar.getValue().replace("_", "")));
      } catch (NumberFormatException nfe) {
        throw error(value, "'" + qualified(e.getKey()) + "' must be a plain number, not '" + scalar.getValue() + "'");
      }
    }
    return values;
  }

  CliException missing(String key) {
    return error(node, "the required key '" + qualified(key) + "' is missing");
  }

  /** An error at the key's line (or this mapping's when the key is absent). */
  CliException errorAt(String key, String message) {
    NodeTuple tuple = entries.get(key);
    return error(tuple != null ? tuple.getKeyNode() : node, message);
  }

  /** An error at an item of a list-valued key. */
  CliException errorAtItem(String key, int index, String message) {
    NodeTuple tuple = entries.get(key);
    if (tuple != null && tuple.getValueNode() instanceof SequenceNode seq && index < seq.getValue().size()) {
      return error(seq.getValue().get(index), message);
    }
    return errorAt(key, message);
  }

  String qualified(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private Node value(String key) {
    NodeTuple tuple = entries.get(key);
    return tuple == null || isNull(tuple.getValueNode()) ? null : tuple.getValueNode();
  }

  private String where() {
    return path.isEmpty() ? "at the top level " : "under '" + path + "' ";
  }

  private String scalarText(Node value, String name, String expected) {
    if (!(value instanceof ScalarNode scalar) || isNull(value)) {
      throw error(value, "'" + name + "' must be " + expected + ", not " + describe(value));
    }
    return scalar.getValue();
  }

  private long wholeNumber(Node value, String name) {
    if (value instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)) {
      try {
        return Long.parseLong(scalar.getValue().replace("_", ""));
      } catch (NumberFormatException e) {
        // an octal, hex or huge literal: fall through to the error
      }
    }
    throw error(value, "'" + name + "' must be a whole number, not " + describe(value));
  }

  private static boolean isNull(Node value) {
    return value instanceof ScalarNode && value.getTag().equals(Tag.NULL);
  }

  private static String describe(Node value) {
    if (value instanceof MappingNode) {
      return "a mapping";
    }
    if (value instanceof SequenceNode) {
      return "a list";
    }
    if (isNull(value)) {
      return "empty";
    }
    return "'" + ((ScalarNode) value).getValue() + "'";
  }

  private CliException error(Node at, String message) {
    String sentence = message.endsWith("?") || message.endsWith(".") ? message : message + ".";
    return new CliException(file + ", line " + lineOf(at) + ": " + sentence, ExitCodes.USAGE, null);
  }

  private static int lineOf(Node at) {
    return at.getStartMark().getLine() + 1;
  }

  /** The known key nearest to a typo, if it is within two edits. */
  private static Optional<String> closest(String typo, List<String> known) {
    return known.stream()
        .filter(k -> editDistance(typo, k) <= 2)
        .min(Comparator.comparingInt(k -> editDistance(typo, k)));
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
