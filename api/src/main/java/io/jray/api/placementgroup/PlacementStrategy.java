package io.jray.api.placementgroup;

/** How the bundles of a placement group are laid out over nodes. */
public enum PlacementStrategy {
  /** Bundles on as few nodes as possible; more nodes when they do not fit. */
  PACK,
  /** Bundles on as many nodes as possible; shared nodes when there are too few. */
  SPREAD,
  /** All bundles on one node, or the group is not created. */
  STRICT_PACK,
  /** Every bundle on a different node, or the group is not created. */
  STRICT_SPREAD,
  /** A strategy this version of jray does not know. */
  UNRECOGNIZED
}
