package io.jray.dropintests.drivers;

import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.ray.api.WaitResult;
import io.ray.api.exception.RayException;
import io.ray.api.exception.RayTimeoutException;
import java.util.List;

/** Tasks, refs as arguments, put/get/wait with timeouts and free, written against Ray's API only. */
public final class TasksAndObjects {
  private TasksAndObjects() {}

  public static void main(String[] args) {
    Ray.init();
    Report.line("square", Ray.task(Fns::square, 7).remote().get());
    ObjectRef<Integer> nine = Ray.task(Fns::square, 3).remote();
    Report.line("chained", Ray.task(Fns::add, nine, 4).remote().get());
    Report.line("put", Ray.put("hello").get());
    Report.line("getList", Ray.get(List.of(Ray.task(Fns::square, 2).remote(), Ray.task(Fns::square, 5).remote())));
    Report.line("refsInList", Ray.task(Fns::sumOfRefs, List.of(Ray.put(1), Ray.put(2), Ray.put(3))).remote().get());
    Report.line("nested", Ray.task(Fns::nestedSquare, 6).remote().get());
    Ray.task(Fns::log, "a void task ran").remote();
    ObjectRef<ObjectRef<Integer>> outer = Ray.task(Fns::putInside, 5).remote();
    Report.line("refReturned", outer.get().get());

    // The fast one is done before the slow one starts, however long a worker JVM takes to start.
    ObjectRef<Integer> fast = Ray.task(Fns::square, 1).remote();
    fast.get();
    ObjectRef<Integer> slow = Ray.task(Fns::sleepThenReturn, 4000, 1).remote();
    WaitResult<Integer> waited = Ray.wait(List.of(slow, fast), 2, 300);
    Report.line("waitReady", waited.getReady().size());
    Report.line("waitUnready", waited.getUnready().size());
    Report.line("waitReadyIsFast", waited.getReady().get(0) == fast);
    try {
      slow.get(200);
      Report.line("getTimeout", "none");
    } catch (RayTimeoutException e) {
      Report.line("getTimeout", e.getClass().getSimpleName());
    }
    Report.line("slowEventually", slow.get());
    Report.line("waitAll", Ray.wait(List.of(slow, fast)).getReady().size());

    String driverNode = Ray.getRuntimeContext().getCurrentNodeId().toString();
    String otherNode = Ray.task(Fns::nodeId).setResource("node2", 1.0).remote().get();
    Report.line("ranOnOtherNode", !otherNode.equals(driverNode));

    Report.line("searchPathResource", Ray.task(Fns::readResource, "dropin-plugin.txt").remote().get());

    ObjectRef<byte[]> freed = Ray.put(new byte[1 << 20]);
    Report.line("beforeFree", freed.get().length);
    Ray.internal().free(List.of(freed), false);
    try {
      freed.get(5000);
      Report.line("afterFree", "still there");
    } catch (RayException e) {
      Report.line("afterFree", e.getClass().getSimpleName());
    }
    Ray.shutdown();
    Report.line("done", true);
  }
}
