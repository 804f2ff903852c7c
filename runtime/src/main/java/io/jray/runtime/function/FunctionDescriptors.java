package io.jray.runtime.function;

import io.jray.api.function.RayFunc;
import io.jray.proto.FunctionDescriptor;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names the method behind a {@link RayFunc} method reference by class, name and JVM descriptor, read from
 * the lambda's {@link SerializedLambda}. Tasks carry this name, never a serialized closure. Cached per
 * lambda class: the same method reference always yields the same descriptor.
 */
public final class FunctionDescriptors {
  private static final Map<Class<?>, FunctionDescriptor> CACHE = new ConcurrentHashMap<>();

  private FunctionDescriptors() {}

  /** The method {@code func} names; for a {@link ForeignLambda}, the method of the lambda it carries. */
  public static FunctionDescriptor of(RayFunc func) {
    Serializable lambda = func instanceof ForeignLambda foreign ? foreign.lambda() : func;
    return CACHE.computeIfAbsent(lambda.getClass(), c -> describe(lambda));
  }

  private static FunctionDescriptor describe(Serializable func) {
    SerializedLambda lambda;
    try {
      Method writeReplace = func.getClass().getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      lambda = (SerializedLambda) writeReplace.invoke(func);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException("A jray function must be a method reference or lambda (e.g. MyFns::square), not "
          + func.getClass().getName(), e);
    }
    return FunctionDescriptor.newBuilder()
        .setClassName(lambda.getImplClass().replace('/', '.'))
        .setMethodName(lambda.getImplMethodName())
        .setMethodDescriptor(lambda.getImplMethodSignature())
        .build();
  }

  /** "Class.method", for task names and messages. */
  public static String displayName(FunctionDescriptor f) {
    String cls = f.getClassName();
    return cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethodName();
  }
}
