package io.jray.runtime.worker;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;

/**
 * A class loader that stands for one chosen later: a warm worker's serializer and function resolver are made before
 * it knows its job, and resolve through the job's loaders once it is bound ({@link #bind}). Until then, jray's own.
 */
public final class DeferredClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private volatile ClassLoader target;

  public DeferredClassLoader(ClassLoader initial) {
    super("jray-job-code", null);
    this.target = initial;
  }

  /** From now on, names resolve through {@code loader}. */
  public void bind(ClassLoader loader) {
    this.target = loader;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    return target.loadClass(name);
  }

  @Override
  public URL getResource(String name) {
    return target.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    return target.getResources(name);
  }
}
