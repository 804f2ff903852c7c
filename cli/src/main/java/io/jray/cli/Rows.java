package io.jray.cli;

import com.google.gson.GsonBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows of named fields as the listing commands print them: an aligned table, or JSON. */
final class Rows {
  private Rows() {}

  /** Upper-case headers from the first row's keys, each column as wide as its widest value; no value is '-'. */
  static String table(List<Map<String, Object>> rows) {
    if (rows.isEmpty()) {
      return "No resources found.\n";
    }
    List<String> columns = new ArrayList<>(rows.get(0).keySet());
    Map<String, Integer> width = new LinkedHashMap<>();
    columns.forEach(c -> width.put(c, c.length()));
    for (Map<String, Object> r : rows) {
      columns.forEach(c -> width.merge(c, cell(r.get(c)).length(), Math::max));
    }
    StringBuilder out = new StringBuilder();
    columns.forEach(c -> out.append(String.format("%-" + (width.get(c) + 2) + "s", c.toUpperCase())));
    out.append('\n');
    for (Map<String, Object> r : rows) {
      columns.forEach(c -> out.append(String.format("%-" + (width.get(c) + 2) + "s", cell(r.get(c)))));
      out.append('\n');
    }
    return out.toString();
  }

  private static String cell(Object value) {
    return value == null ? "-" : String.valueOf(value);
  }

  /** Pretty-printed JSON with nulls kept (a field is always there), ending in a newline. */
  static String json(Object value) {
    return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(value) + "\n";
  }
}
