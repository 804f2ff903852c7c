package io.jray.runtime.local;

import io.jray.api.ObjectRef;
import io.jray.proto.ErrorType;
import io.jray.proto.FunctionDescriptor;
import io.jray.runtime.function.FunctionDescriptors;
import io.jray.runtime.function.FunctionResolver;
import io.jray.runtime.object.ObjectRefImpl;
import io.jray.runtime.object.RayErrors;
import io.jray.runtime.object.StoredObject;
import io.jray.runtime.serialization.Serializer;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;

/**
 * Runs one function call of local mode as a worker would: arguments read back from their bytes (a ref argument
 * waits for its object and stands for its value), the function found by its descriptor, the result written to
 * bytes, and any throwable turned into the same error a cluster's caller gets.
 */
final class LocalInvoker {
  private final FunctionResolver functions;
  private final java.util.function.Supplier<Serializer> serializer;
  private final LocalObjects objects;

  LocalInvoker(FunctionResolver functions, java.util.function.Supplier<Serializer> serializer, LocalObjects objects) {
    this.functions = functions;
    this.serializer = serializer;
    this.objects = objects;
  }

  /**
   * An argument as the caller gives it to a task: a ref stays a ref (the task reads its object when it runs),
   * any other value is written to bytes now, so a value that cannot cross processes fails here as on a cluster.
   */
  Object[] capture(Object[] args) {
    Object[] captured = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      captured[i] = args[i] instanceof ObjectRef<?> ref ? ref : new Bytes(serializer.get().serialize(args[i],
          new ArrayList<>(0)));
    }
    return captured;
  }

  /** A value argument's bytes. */
  record Bytes(byte[] value) {}

  /** The outcome of calling {@code function}: its value's bytes, or its error. */
  StoredObject invoke(FunctionDescriptor function, String taskName, Object receiver, Object[] captured,
      boolean returnsVoid) {
    try {
      Object result = call(function, receiver, captured);
      return StoredObject.ofValue(serializer.get().serialize(returnsVoid ? null : result, new ArrayList<>(0)));
    } catch (LocalActor.ActorExit exit) {
      throw exit;
    } catch (Throwable t) {
      return StoredObject.ofError(error(taskName, t));
    }
  }

  /**
   * An actor call's outcome, told to {@code done}: at once, or when the {@link java.util.concurrent.CompletionStage}
   * its method returned completes (an async actor's). {@link LocalActor.ActorExit} is thrown, as by {@link #invoke}.
   */
  void invokeActorCall(FunctionDescriptor function, String taskName, Object receiver, Object[] captured,
      boolean returnsVoid, java.util.function.Consumer<StoredObject> done) {
    Object result;
    try {
      result = call(function, receiver, captured);
    } catch (LocalActor.ActorExit exit) {
      throw exit;
    } catch (Throwable t) {
      done.accept(StoredObject.ofError(error(taskName, t)));
      return;
    }
    if (result instanceof java.util.concurrent.CompletionStage<?> stage) {
      stage.whenComplete((value, thrown) -> {
        Throwable cause = thrown instanceof java.util.concurrent.CompletionException && thrown.getCause() != null
            ? thrown.getCause() : thrown;
        done.accept(cause != null ? StoredObject.ofError(error(taskName, cause)) : valueOf(value, false));
      });
      return;
    }
    done.accept(valueOf(result, returnsVoid));
  }

  private StoredObject valueOf(Object result, boolean returnsVoid) {
    try {
      return StoredObject.ofValue(serializer.get().serialize(returnsVoid ? null : result, new ArrayList<>(0)));
    } catch (Throwable t) {
      return StoredObject.ofError(error("the call's value", t));
    }
  }

  /** Runs the function and returns what it returned (a constructor: the new instance); its throwable as thrown. */
  Object call(FunctionDescriptor function, Object receiver, Object[] captured) throws Throwable {
    Object[] args = new Object[captured.length];
    for (int i = 0; i < args.length; i++) {
      args[i] = argument(captured[i]);
    }
    Executable fn;
    try {
      fn = functions.resolve(function);
    } catch (ClassNotFoundException e) {
      throw new ClassNotFoundException("Class " + e.getMessage() + " of " + FunctionDescriptors.displayName(function)
          + " is not on the driver's classpath.");
    }
    try {
      if (fn instanceof Method m) {
        return m.invoke(Modifier.isStatic(m.getModifiers()) ? null : receiver, args);
      }
      return ((Constructor<?>) fn).newInstance(args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private Object argument(Object captured) {
    if (captured instanceof Bytes bytes) {
      return serializer.get().deserialize(bytes.value());
    }
    ObjectRefImpl<?> ref = (ObjectRefImpl<?>) captured;
    StoredObject object = objects.await(ref.idBytes(), ref.toString(), -1);
    if (object.isError()) {
      throw RayErrors.toException(object.error(), serializer.get());
    }
    return serializer.get().deserialize(object.value());
  }

  /** The error a caller's get raises for {@code thrown}; an interrupt is the task's cancellation. */
  io.jray.proto.ErrorInfo error(String taskName, Throwable thrown) {
    if (thrown instanceof InterruptedException) {
      return RayErrors.of(ErrorType.TASK_CANCELLED, taskName, "Task " + taskName + " was cancelled.");
    }
    try {
      return RayErrors.taskException(taskName, thrown, serializer.get());
    } catch (Throwable describing) {
      return RayErrors.of(ErrorType.TASK_EXCEPTION, taskName, thrown.getClass().getName() + ": "
          + thrown.getMessage()).toBuilder().setExceptionClass(thrown.getClass().getName()).build();
    }
  }
}
