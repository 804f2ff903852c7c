package io.jray.api.runtime;

/**
 * Makes the {@link RayRuntime} behind {@code Ray}. jray-runtime registers one as a
 * {@link java.util.ServiceLoader} service; {@code Ray.init} uses the first it finds.
 */
public interface RayRuntimeFactory {

  /**
   * Connects to (or starts) a cluster.
   *
   * @param address as given to {@code Ray.init(address)}: {@code "auto"}, {@code "local"} or
   *     {@code "host:port"}; null for {@code Ray.init()}
   */
  RayRuntime create(String address);
}
