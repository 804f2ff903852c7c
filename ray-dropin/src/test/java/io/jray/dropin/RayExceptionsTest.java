package io.jray.dropin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ray.api.exception.RayActorException;
import io.ray.api.exception.RayException;
import io.ray.api.exception.RayTaskException;
import io.ray.api.exception.RayTimeoutException;
import io.ray.api.exception.RayWorkerException;
import io.ray.api.exception.UnreconstructableException;
import org.junit.jupiter.api.Test;

class RayExceptionsTest {

  @Test
  void aTaskFailureIsRaysRayTaskExceptionWithTheSameMessageAndCause() {
    IllegalStateException thrown = new IllegalStateException("boom");
    io.jray.api.exception.RayTaskException jray = new io.jray.api.exception.RayTaskException("Square.of",
        IllegalStateException.class.getName(), "boom", "at Square.of(Square.java:3)", thrown);
    RuntimeException ray = RayExceptions.toRay(jray);
    assertInstanceOf(RayTaskException.class, ray);
    assertEquals(jray.getMessage(), ray.getMessage());
    assertSame(thrown, ray.getCause());
    assertArrayEquals(jray.getStackTrace(), ray.getStackTrace());
  }

  @Test
  void aDeadActorIsRaysRayActorExceptionKeepingJraysMessageAndTheId() {
    io.jray.api.id.ActorId id = io.jray.api.id.ActorId.fromRandom();
    RuntimeException ray = RayExceptions.toRay(
        new io.jray.api.exception.RayActorException("The actor Counter was killed.", id));
    RayActorException actor = assertInstanceOf(RayActorException.class, ray);
    assertEquals("The actor Counter was killed.", actor.getMessage());
    assertArrayEquals(id.getBytes(), actor.actorId.getBytes());
  }

  @Test
  void timeoutsWorkerDeathsAndLostObjectsKeepTheirKind() {
    assertInstanceOf(RayTimeoutException.class,
        RayExceptions.toRay(new io.jray.api.exception.RayTimeoutException("Timed out.")));
    assertInstanceOf(RayWorkerException.class,
        RayExceptions.toRay(new io.jray.api.exception.RayWorkerException("The worker died.")));
    io.jray.api.id.ObjectId object = io.jray.api.id.ObjectId.fromRandom();
    UnreconstructableException lost = assertInstanceOf(UnreconstructableException.class, RayExceptions.toRay(
        new io.jray.api.exception.UnreconstructableException("Object lost.", object)));
    assertArrayEquals(object.getBytes(), lost.objectId.getBytes());
  }

  @Test
  void whatRayHasNoClassForIsARayExceptionCausedByJraysOwn() {
    io.jray.api.exception.TaskCancelledException cancelled =
        new io.jray.api.exception.TaskCancelledException("The task was cancelled.");
    RuntimeException ray = RayExceptions.toRay(cancelled);
    assertEquals(RayException.class, ray.getClass());
    assertEquals("The task was cancelled.", ray.getMessage());
    assertSame(cancelled, ray.getCause());
  }

  @Test
  void otherExceptionsPassUnchanged() {
    IllegalArgumentException bad = new IllegalArgumentException("bad");
    assertSame(bad, assertThrows(IllegalArgumentException.class, () -> RayExceptions.translated(() -> {
      throw bad;
    })));
  }
}
