package io.jray.api.exception;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.api.id.ActorId;
import io.jray.api.id.ObjectId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExceptionsTest {

  @Test
  void taskExceptionNamesTheTaskAndIncludesTheRemoteStackTrace() {
    ArithmeticException original = new ArithmeticException("/ by zero");
    String remoteTrace =
        "java.lang.ArithmeticException: / by zero\n\tat MathFns.div(MathFns.java:7)\n";
    RayTaskException e = new RayTaskException("MathFns.div (task 5a1f)",
        ArithmeticException.class.getName(), "/ by zero", remoteTrace, original);
    assertTrue(e.getMessage().contains("MathFns.div (task 5a1f)"), e.getMessage());
    assertTrue(e.getMessage().contains("java.lang.ArithmeticException: / by zero"));
    assertTrue(e.getMessage().contains("at MathFns.div(MathFns.java:7)"), e.getMessage());
    assertSame(original, e.getCause());
    assertEquals("java.lang.ArithmeticException", e.getRemoteClassName());
    assertEquals("/ by zero", e.getRemoteMessage());
    assertEquals(remoteTrace, e.getRemoteStackTrace());
    assertEquals("MathFns.div (task 5a1f)", e.getTaskName());
  }

  @Test
  void taskExceptionKeepsTheTextWhenTheCauseCouldNotBeDeserialized() {
    RayTaskException e = new RayTaskException("f", "com.example.Gone", null, "trace", null);
    assertNull(e.getCause());
    assertTrue(e.getMessage().contains("com.example.Gone"), e.getMessage());
  }

  @Test
  void everyExceptionIsARayExceptionWithMessageAndCauseConstructors() {
    Throwable cause = new IllegalStateException("cause");
    List<RayException> withCause = List.of(
        new RayException("m", cause),
        new RayTaskException("m", cause),
        new RayWorkerException("m", cause),
        new RayActorException("m", cause),
        new RayTimeoutException("m", cause),
        new UnreconstructableException("m", cause),
        new OwnerDiedException("m", cause),
        new TaskCancelledException("m", cause));
    for (RayException e : withCause) {
      assertEquals("m", e.getMessage());
      assertSame(cause, e.getCause());
    }
    List<RayException> plain = List.of(
        new RayException("m"),
        new RayTaskException("m"),
        new RayWorkerException("m"),
        new RayActorException("m"),
        new RayTimeoutException("m"),
        new UnreconstructableException("m"),
        new OwnerDiedException("m"),
        new TaskCancelledException("m"));
    for (RayException e : plain) {
      assertEquals("m", e.getMessage());
      assertTrue(e instanceof RuntimeException);
    }
  }

  @Test
  void actorAndObjectErrorsCarryTheirIds() {
    ActorId actor = ActorId.fromRandom();
    assertSame(actor, new RayActorException("dead", actor).getActorId());
    assertNull(new RayActorException("dead").getActorId());
    ObjectId object = ObjectId.fromRandom();
    assertSame(object, new UnreconstructableException("lost", object).getObjectId());
    assertSame(object, new OwnerDiedException("owner gone", object).getObjectId());
  }

  @Test
  void anObjectWhoseOwnerDiedIsUnreconstructable() {
    assertTrue(new OwnerDiedException("owner gone") instanceof UnreconstructableException);
  }
}
