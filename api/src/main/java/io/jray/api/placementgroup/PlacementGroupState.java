package io.jray.api.placementgroup;

/** Where a placement group is in its life. */
public enum PlacementGroupState {
  /** Waiting for resources to reserve its bundles. */
  PENDING,
  /** All bundles are reserved. */
  CREATED,
  /** Removed; its bundles are released. */
  REMOVED,
  /** A node holding some of its bundles died; those are being reserved again. */
  RESCHEDULING,
  /** A state this version of jray does not know. */
  UNRECOGNIZED
}
