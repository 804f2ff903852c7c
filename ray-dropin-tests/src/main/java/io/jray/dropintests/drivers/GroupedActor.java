package io.jray.dropintests.drivers;

import io.ray.api.concurrencygroup.annotations.DefConcurrencyGroup;
import io.ray.api.concurrencygroup.annotations.UseConcurrencyGroup;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An actor whose default group has one thread, which {@link #awaitFirst} and {@link #awaitSecond} block until
 * another group's call opens their latch: they can only return if that call runs beside them.
 */
@DefConcurrencyGroup(name = "io", maxConcurrency = 2)
public class GroupedActor {
  private final CountDownLatch first = new CountDownLatch(1);
  private final CountDownLatch second = new CountDownLatch(1);
  private final CountDownLatch third = new CountDownLatch(1);

  public boolean awaitFirst() throws InterruptedException {
    return first.await(30, TimeUnit.SECONDS);
  }

  public boolean awaitSecond() throws InterruptedException {
    return second.await(30, TimeUnit.SECONDS);
  }

  public boolean awaitThird() throws InterruptedException {
    return third.await(30, TimeUnit.SECONDS);
  }

  /** In the annotated group "io". */
  @UseConcurrencyGroup(name = "io")
  public String openFirst() {
    first.countDown();
    return Thread.currentThread().getName();
  }

  /** Put in the group "control" by the creator's ConcurrencyGroupBuilder. */
  public String openSecond() {
    second.countDown();
    return Thread.currentThread().getName();
  }

  /** In no group: runs beside the others only when the call names a group. */
  public String openThird() {
    third.countDown();
    return Thread.currentThread().getName();
  }

  public int slow(int ms) throws InterruptedException {
    Thread.sleep(ms);
    return ms;
  }
}
