package io.jray.dropin;

import io.ray.api.exception.RayActorException;
import io.ray.api.exception.RayException;
import io.ray.api.exception.RayTaskException;
import io.ray.api.exception.RayTimeoutException;
import io.ray.api.exception.RayWorkerException;
import io.ray.api.exception.UnreconstructableException;
import java.util.function.Supplier;

/**
 * The boundary where jray's exceptions ({@code io.jray.api.exception}) become Ray's ({@code io.ray.api.exception}),
 * which is what a Ray program catches: same kind, same message, same cause and stack trace. Exceptions that are
 * not jray's (IllegalArgumentException, IllegalStateException, ...) pass unchanged, as they do in Ray.
 */
final class RayExceptions {
  private RayExceptions() {}

  /** Runs {@code call}, throwing Ray's exception where jray's would come out. */
  static <T> T translated(Supplier<T> call) {
    try {
      return call.get();
    } catch (io.jray.api.exception.RayException e) {
      throw toRay(e);
    }
  }

  /** Runs {@code call}, throwing Ray's exception where jray's would come out. */
  static void translated(Runnable call) {
    try {
      call.run();
    } catch (io.jray.api.exception.RayException e) {
      throw toRay(e);
    }
  }

  /** Ray's exception for jray's {@code e}, keeping its message, cause and stack trace. */
  static RuntimeException toRay(io.jray.api.exception.RayException e) {
    RuntimeException ray;
    if (e instanceof io.jray.api.exception.RayTaskException) {
      ray = withCause(new RayTaskException(e.getMessage()), e.getCause());
    } else if (e instanceof io.jray.api.exception.RayActorException actor) {
      ray = new ActorDiedException(e.getMessage(),
          actor.getActorId() == null ? null : RayIds.actor(actor.getActorId()), e.getCause());
    } else if (e instanceof io.jray.api.exception.PendingCallsLimitExceededException pending) {
      io.ray.api.exception.PendingCallsLimitExceededException limit =
          new io.ray.api.exception.PendingCallsLimitExceededException(e.getMessage());
      limit.actorId = pending.getActorId() == null ? null : RayIds.actor(pending.getActorId());
      ray = limit;
    } else if (e instanceof io.jray.api.exception.RayTimeoutException) {
      ray = new RayTimeoutException(e.getMessage(), e.getCause());
    } else if (e instanceof io.jray.api.exception.RayWorkerException) {
      ray = new RayWorkerException(e.getMessage(), e.getCause());
    } else if (e instanceof io.jray.api.exception.UnreconstructableException lost) {
      UnreconstructableException unreconstructable = new UnreconstructableException(e.getMessage(), e.getCause());
      unreconstructable.objectId = lost.getObjectId() == null ? null : RayIds.object(lost.getObjectId());
      ray = unreconstructable;
    } else {
      // Cancelled, unschedulable and system failures have no class of their own in Ray's Java API.
      ray = new RayException(e.getMessage(), e.getCause() != null ? e.getCause() : e);
    }
    ray.setStackTrace(e.getStackTrace());
    for (Throwable suppressed : e.getSuppressed()) {
      ray.addSuppressed(suppressed);
    }
    return ray;
  }

  private static <E extends RuntimeException> E withCause(E exception, Throwable cause) {
    if (cause != null) {
      exception.initCause(cause);
    }
    return exception;
  }
}
