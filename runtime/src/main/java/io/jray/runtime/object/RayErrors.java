package io.jray.runtime.object;

import io.jray.api.exception.LocalRayletDiedException;
import io.jray.api.exception.RayActorException;
import io.jray.api.exception.RayException;
import io.jray.api.exception.RayTaskException;
import io.jray.api.exception.RayWorkerException;
import io.jray.api.exception.TaskCancelledException;
import io.jray.api.exception.UnreconstructableException;
import io.jray.proto.ErrorInfo;
import io.jray.proto.ErrorType;
import io.jray.runtime.serialization.Serializer;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Converts between a remote failure ({@link ErrorInfo}, on the wire) and the API's exceptions. */
public final class RayErrors {
  private RayErrors() {}

  public static ErrorInfo taskException(String taskName, Throwable thrown, Serializer serializer) {
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    ErrorInfo.Builder error = ErrorInfo.newBuilder()
        .setType(ErrorType.TASK_EXCEPTION)
        .setTaskName(taskName)
        .setExceptionClass(thrown.getClass().getName())
        .setMessage(thrown.getMessage() == null ? "" : thrown.getMessage())
        .setStackTrace(trace.toString());
    try {
      error.setSerializedException(com.google.protobuf.ByteString.copyFrom(serializer.serialize(thrown)));
    } catch (RuntimeException | VirtualMachineError notSerializable) {
      // The class, message and trace still travel as text.
    }
    return error.build();
  }

  public static ErrorInfo of(ErrorType type, String taskName, String message) {
    return ErrorInfo.newBuilder().setType(type).setTaskName(taskName).setMessage(message).build();
  }

  public static RayException toException(ErrorInfo error, Serializer serializer) {
    return switch (error.getType()) {
      case TASK_EXCEPTION -> {
        Throwable cause = null;
        if (!error.getSerializedException().isEmpty()) {
          try {
            cause = (Throwable) serializer.deserialize(error.getSerializedException().toByteArray());
          } catch (RuntimeException | LinkageError e) {
            cause = null;
          }
        }
        yield new RayTaskException(error.getTaskName(), error.getExceptionClass(), error.getMessage(),
            error.getStackTrace(), cause);
      }
      case WORKER_DIED -> new RayWorkerException(error.getMessage());
      case TASK_CANCELLED -> new TaskCancelledException(error.getMessage());
      case OBJECT_LOST -> new UnreconstructableException(error.getMessage());
      case OWNER_DIED -> new io.jray.api.exception.OwnerDiedException(error.getMessage());
      case ACTOR_DIED -> new RayActorException(error.getMessage());
      case LOCAL_RAYLET_DIED -> new LocalRayletDiedException(error.getMessage());
      case TASK_UNSCHEDULABLE -> new io.jray.api.exception.TaskUnschedulableException(error.getMessage());
      default -> new RayException(error.getMessage());
    };
  }
}
