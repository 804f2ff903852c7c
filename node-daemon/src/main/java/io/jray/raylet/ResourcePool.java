package io.jray.raylet;

import java.util.Map;

/** Where a lease's resources come from and go back to: the node's free pool, or one placement group bundle. */
interface ResourcePool {
  /** Takes the shape if it fits now. */
  boolean tryAcquire(Map<String, Double> shape);

  void release(Map<String, Double> shape);
}
