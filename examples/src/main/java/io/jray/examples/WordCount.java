package io.jray.examples;

import io.jray.api.ObjectRef;
import io.jray.api.Ray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts words with map and reduce tasks: the text is put once, map tasks count the words of their slice,
 * a reduce task merges the partial counts (passed as object refs, never through the driver).
 *
 * <pre>java -cp jray-examples.jar:$(jray classpath) io.jray.examples.WordCount [file] [mappers]</pre>
 */
public final class WordCount {
  private WordCount() {}

  /** Counts the words of lines [from, to) of the text. */
  public static Map<String, Integer> countWords(List<String> lines, int from, int to) {
    Map<String, Integer> counts = new HashMap<>();
    for (String line : lines.subList(from, Math.min(to, lines.size()))) {
      for (String word : line.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
        if (!word.isEmpty()) {
          counts.merge(word, 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  /** Merges partial counts; the refs are resolved in the reduce task. */
  public static TreeMap<String, Integer> merge(List<ObjectRef<Map<String, Integer>>> partials) {
    TreeMap<String, Integer> total = new TreeMap<>();
    for (Map<String, Integer> partial : Ray.get(partials)) {
      partial.forEach((word, n) -> total.merge(word, n, Integer::sum));
    }
    return total;
  }

  public static TreeMap<String, Integer> count(List<String> lines, int mappers) {
    ObjectRef<List<String>> text = Ray.put(lines);
    int slice = Math.max(1, (lines.size() + mappers - 1) / mappers);
    List<ObjectRef<Map<String, Integer>>> partials = new ArrayList<>();
    for (int from = 0; from < lines.size(); from += slice) {
      partials.add(Ray.task(WordCount::countWords, text, from, from + slice).remote());
    }
    return Ray.task(WordCount::merge, partials).remote().get();
  }

  public static void main(String[] args) throws IOException {
    List<String> lines = args.length > 0 ? Files.readAllLines(Path.of(args[0]))
        : List.of("the quick brown fox jumps over the lazy dog", "the dog sleeps", "a fox is quick");
    int mappers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    Ray.init();
    try {
      TreeMap<String, Integer> counts = count(lines, mappers);
      counts.entrySet().stream()
          .sorted((a, b) -> b.getValue() - a.getValue())
          .limit(20)
          .forEach(e -> System.out.println(e.getValue() + "\t" + e.getKey()));
    } finally {
      Ray.shutdown();
    }
  }
}
