package io.jray.runtime.function;

import io.jray.proto.FunctionDescriptor;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Finds the method or constructor a {@link FunctionDescriptor} names, in this JVM's class path. Cached. */
public final class FunctionResolver {
  private final Map<FunctionDescriptor, Executable> cache = new ConcurrentHashMap<>();
  private final ClassLoader loader;

  public FunctionResolver(ClassLoader loader) {
    this.loader = loader;
  }

  /** @throws ClassNotFoundException naming the missing class when the job's code is not on this worker */
  public Executable resolve(FunctionDescriptor f) throws ClassNotFoundException, NoSuchMethodException {
    Executable found = cache.get(f);
    if (found != null) {
      return found;
    }
    Class<?> cls = Class.forName(f.getClassName(), false, loader);
    MethodType type = MethodType.fromMethodDescriptorString(f.getMethodDescriptor(), loader);
    Executable executable;
    if (f.getMethodName().equals("<init>")) {
      Constructor<?> c = cls.getDeclaredConstructor(type.parameterArray());
      executable = c;
    } else {
      Method m = Arrays.stream(cls.getDeclaredMethods())
          .filter(x -> x.getName().equals(f.getMethodName())
              && Arrays.equals(x.getParameterTypes(), type.parameterArray())
              && x.getReturnType() == type.returnType())
          .findFirst()
          .orElseThrow(() -> new NoSuchMethodException(f.getClassName() + "." + f.getMethodName() + f.getMethodDescriptor()));
      executable = m;
    }
    executable.setAccessible(true);
    cache.put(f, executable);
    return executable;
  }
}
