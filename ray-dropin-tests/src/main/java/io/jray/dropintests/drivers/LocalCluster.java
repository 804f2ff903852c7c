package io.jray.dropintests.drivers;

import io.ray.api.Ray;

/** Ray.init() with no address and no cluster around: it starts a local one, which Ray.shutdown() stops. */
public final class LocalCluster {
  private LocalCluster() {}

  public static void main(String[] args) {
    Ray.init();
    Report.line("nodes", Ray.getRuntimeContext().getAllNodeInfo().size());
    Report.line("square", Ray.task(Fns::square, 12).remote().get());
    Report.line("firstOption", Ray.task(Fns::systemProperty, "dropin.first").remote().get());
    Report.line("secondOption", Ray.task(Fns::systemProperty, "dropin.second").remote().get());
    Ray.shutdown();
    Report.line("done", true);
  }
}
