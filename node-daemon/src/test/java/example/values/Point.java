package example.values;

/** A user's plain value class, outside jray's packages: no registration, not Serializable, no no-arg constructor. */
public final class Point {
  public final int x;
  public final String label;

  public Point(int x, String label) {
    this.x = x;
    this.label = label;
  }
}
