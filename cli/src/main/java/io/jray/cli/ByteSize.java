package io.jray.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte quantities as users write them (4GiB, 500MB, 1073741824) and as Ray prints them (7.21GiB, 0B). */
final class ByteSize {
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?i?b?)?", Pattern.CASE_INSENSITIVE);
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private ByteSize() {}

  static long parse(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size; write bytes or a size like 512MiB or 4GB");
    }
    double value = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
    boolean binary = unit.contains("i");
    long base = binary ? 1024 : 1000;
    long factor = switch (unit.isEmpty() ? ' ' : unit.charAt(0)) {
      case 'k' -> base;
      case 'm' -> base * base;
      case 'g' -> base * base * base;
      case 't' -> base * base * base * base;
      default -> 1;
    };
    return (long) (value * factor);
  }

  static String format(double bytes) {
    if (bytes < 1024) {
      return Math.round(bytes) + "B";
    }
    int unit = 0;
    double value = bytes;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.2f%s", value, UNITS[unit]);
  }
}
