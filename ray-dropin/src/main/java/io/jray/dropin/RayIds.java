package io.jray.dropin;

import io.ray.api.id.ActorId;
import io.ray.api.id.JobId;
import io.ray.api.id.ObjectId;
import io.ray.api.id.PlacementGroupId;
import io.ray.api.id.TaskId;
import io.ray.api.id.UniqueId;

/**
 * Ids between jray and Ray: both have Ray's byte layout and lengths (job 4, actor 16, task 24, object 28,
 * placement group 18, node and unique 28 bytes), so an id crosses as its bytes and back unchanged.
 */
final class RayIds {
  private RayIds() {}

  static JobId job(io.jray.api.id.JobId id) {
    return JobId.fromBytes(id.getBytes());
  }

  static ActorId actor(io.jray.api.id.ActorId id) {
    return ActorId.fromBytes(id.getBytes());
  }

  static io.jray.api.id.ActorId actor(ActorId id) {
    return io.jray.api.id.ActorId.fromBytes(id.getBytes());
  }

  static TaskId task(io.jray.api.id.TaskId id) {
    return TaskId.fromBytes(id.getBytes());
  }

  static ObjectId object(io.jray.api.id.ObjectId id) {
    return new ObjectId(id.getBytes());
  }

  static PlacementGroupId placementGroup(io.jray.api.id.PlacementGroupId id) {
    return PlacementGroupId.fromBytes(id.getBytes());
  }

  static io.jray.api.id.PlacementGroupId placementGroup(PlacementGroupId id) {
    return io.jray.api.id.PlacementGroupId.fromBytes(id.getBytes());
  }

  /** Ray names nodes by a {@link UniqueId}; jray's NodeId has the same 28 bytes. */
  static UniqueId node(io.jray.api.id.NodeId id) {
    return UniqueId.fromBytes(id.getBytes());
  }

  static UniqueId node(byte[] id) {
    return UniqueId.fromBytes(id);
  }
}
