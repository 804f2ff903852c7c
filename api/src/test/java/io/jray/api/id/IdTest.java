package io.jray.api.id;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class IdTest {

  /** One id type: its length and static factories. */
  record IdType(
      String name,
      int length,
      Supplier<BaseId> random,
      Function<String, BaseId> fromHex,
      Function<byte[], BaseId> fromBytes,
      BaseId nil) {}

  private static final List<IdType> TYPES = List.of(
      new IdType("UniqueId", 28, UniqueId::fromRandom, UniqueId::fromHex, UniqueId::fromBytes,
          UniqueId.NIL),
      new IdType("JobId", 4, JobId::fromRandom, JobId::fromHex, JobId::fromBytes, JobId.NIL),
      new IdType("ActorId", 16, ActorId::fromRandom, ActorId::fromHex, ActorId::fromBytes,
          ActorId.NIL),
      new IdType("TaskId", 24, TaskId::fromRandom, TaskId::fromHex, TaskId::fromBytes,
          TaskId.NIL),
      new IdType("ObjectId", 28, ObjectId::fromRandom, ObjectId::fromHex, ObjectId::fromBytes,
          ObjectId.NIL),
      new IdType("NodeId", 28, NodeId::fromRandom, NodeId::fromHex, NodeId::fromBytes,
          NodeId.NIL),
      new IdType("PlacementGroupId", 18, PlacementGroupId::fromRandom, PlacementGroupId::fromHex,
          PlacementGroupId::fromBytes, PlacementGroupId.NIL));

  @Test
  void hexAndBytesRoundTripForEveryIdType() {
    for (IdType type : TYPES) {
      BaseId id = type.random().get();
      assertEquals(type.length(), id.size(), type.name());
      assertEquals(2 * type.length(), id.toHex().length(), type.name());
      assertEquals(id, type.fromHex().apply(id.toHex()), type.name());
      assertEquals(id, type.fromBytes().apply(id.getBytes()), type.name());
      assertEquals(id.toHex(), id.toString());
      assertEquals(type.name(), id.getClass().getSimpleName());
    }
  }

  @Test
  void wrongLengthIsRejectedNamingTheTypeAndLength() {
    for (IdType type : TYPES) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> type.fromBytes().apply(new byte[type.length() + 1]));
      assertTrue(e.getMessage().contains(type.name())
          && e.getMessage().contains(type.length() + " bytes"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> type.fromHex().apply("abc"));
      assertTrue(e.getMessage().contains(type.name())
          && e.getMessage().contains(2 * type.length() + " characters"), e.getMessage());
    }
  }

  @Test
  void nonHexAndNullAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> JobId.fromHex("0000000g"));
    assertThrows(IllegalArgumentException.class, () -> JobId.fromHex(null));
    assertThrows(IllegalArgumentException.class, () -> JobId.fromBytes(null));
  }

  @Test
  void hexIsLowercaseAndParsingIgnoresCase() {
    JobId id = JobId.fromHex("ABCDEF01");
    assertEquals("abcdef01", id.toHex());
    assertEquals(id, JobId.fromHex("abcdef01"));
  }

  @Test
  void nilIsAllFfAndRandomIdsAreNotNil() {
    for (IdType type : TYPES) {
      assertTrue(type.nil().isNil(), type.name());
      assertEquals("ff".repeat(type.length()), type.nil().toHex());
      assertFalse(type.random().get().isNil(), type.name());
    }
  }

  @Test
  void idsCopyTheirBytesInAndOut() {
    byte[] bytes = new byte[ActorId.LENGTH];
    ActorId id = ActorId.fromBytes(bytes);
    bytes[0] = 1;
    id.getBytes()[1] = 1;
    assertArrayEquals(new byte[ActorId.LENGTH], id.getBytes());
  }

  @Test
  void equalIdsNeedTheSameTypeAndBytes() {
    UniqueId unique = UniqueId.fromRandom();
    NodeId node = NodeId.fromBytes(unique.getBytes());
    assertNotEquals(unique, node);
    assertEquals(node, NodeId.fromHex(unique.toHex()));
    assertEquals(node.hashCode(), NodeId.fromHex(unique.toHex()).hashCode());
    assertTrue(node instanceof UniqueId);
  }

  @Test
  void jobIdNumbersAreLittleEndianAsInRay() {
    assertEquals("01000000", JobId.fromInt(1).toHex());
    assertEquals(123456, JobId.fromInt(123456).toInt());
  }

  @Test
  void anActorIdEmbedsItsJobIdAsRaysDoes() {
    JobId job = JobId.fromInt(7);
    ActorId actor = ActorId.of(job);
    assertEquals(job, actor.getJobId());
    assertEquals(job.toHex(), actor.toHex().substring(2 * ActorId.UNIQUE_LENGTH), "the last 4 bytes, as in Ray");
    assertNotEquals(actor, ActorId.of(job), "and unique within the job");
    assertEquals(JobId.fromInt(8), ActorId.of(JobId.fromInt(8)).getJobId());
  }
}
