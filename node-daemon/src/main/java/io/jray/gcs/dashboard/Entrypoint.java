package io.jray.gcs.dashboard;

import java.util.ArrayList;
import java.util.List;

/**
 * A job's entrypoint split into words as a shell would for a plain command: whitespace separates, single quotes
 * keep everything, double quotes keep everything but a backslash-escaped quote or backslash. Nothing is expanded
 * and nothing runs through a shell: the first word is the main class, the rest its arguments.
 */
final class Entrypoint {
  private Entrypoint() {}

  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
          word.append(line.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < line.length()) {
        word.append(line.charAt(++i));
        inWord = true;
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new HttpError(400, "The entrypoint has an unclosed " + quote + " quote.");
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
