package io.jray.runtime.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import io.jray.proto.Address;
import io.jray.proto.ObjectRefProto;
import io.jray.proto.TaskArg;
import io.jray.proto.TaskSpec;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LineageTest {
  private static final Address SELF = Address.newBuilder().setIp("127.0.0.1").setPort(1).build();
  private final AtomicLong maxBytes = new AtomicLong(1L << 30);
  private final Lineage lineage = new Lineage(ref -> ref.getOwner().equals(SELF), maxBytes::get);

  @Test
  void aTaskIsReRunOnlyWithinItsRetries() {
    lineage.keep(task("a", 1), false, 2);
    assertEquals(1, lineage.takeRerun(id("a")).retriesLeft());
    assertEquals(0, lineage.takeRerun(id("a")).retriesLeft());
    assertNull(lineage.takeRerun(id("a")));
    assertEquals(Lineage.Missing.RETRIES_USED, lineage.absence(id("a")).why());
  }

  @Test
  void unlimitedRetriesNeverRunOut() {
    lineage.keep(task("a", -1), false, -1);
    for (int i = 0; i < 10; i++) {
      assertEquals(-1, lineage.takeRerun(id("a")).retriesLeft());
    }
  }

  @Test
  void aValueOutOfScopeTakesItsLineageWith() {
    lineage.keep(task("a", 3), false, 3);
    lineage.outOfScope(id("a"));
    assertNull(lineage.takeRerun(id("a")));
    assertEquals(0, lineage.size());
    assertEquals(0, lineage.bytes());
  }

  @Test
  void anArgumentStaysWhileATaskKeptTakesItAndGoesWithThatTask() {
    lineage.keep(task("a", 3), false, 3);
    lineage.keep(task("b", 3, "a"), false, 3);
    lineage.outOfScope(id("a"));
    assertNotNull(lineage.takeRerun(id("a")), "b may need a again to be rebuilt");
    lineage.outOfScope(id("b"));
    assertEquals(0, lineage.size(), "with b's lineage gone, nothing needs a");
  }

  @Test
  void pastTheBoundTheOldestLineageIsDroppedAndSaysSo() {
    TaskSpec a = task("a", 3);
    maxBytes.set(a.getSerializedSize() * 2L + 1);
    lineage.keep(a, false, 3);
    lineage.keep(task("b", 3), false, 3);
    lineage.keep(task("c", 3), false, 3);
    assertNull(lineage.takeRerun(id("a")));
    assertEquals(Lineage.Missing.EVICTED, lineage.absence(id("a")).why());
    assertNotNull(lineage.takeRerun(id("c")));
    assertEquals(2, lineage.size());
  }

  @Test
  void anActorCallsRebuildsDoNotGetTheActorsRetriesAnew() {
    lineage.keep(task("a", 0), true, 1);
    Lineage.Rerun rerun = lineage.takeRerun(id("a"));
    lineage.keep(rerun.spec(), true, 1); // the re-run call ended; the actor would give it 1 retry again
    assertNull(lineage.takeRerun(id("a")));
  }

  @Test
  void aPutHasNoLineageAndSaysSoUntilItIsFreed() {
    lineage.absent(id("p"), Lineage.Missing.PUT, "");
    assertEquals(Lineage.Missing.PUT, lineage.absence(id("p")).why());
    lineage.outOfScope(id("p"));
    assertNull(lineage.absence(id("p")));
  }

  private static TaskSpec task(String returns, int maxRetries, String... args) {
    TaskSpec.Builder spec = TaskSpec.newBuilder().setName("f_" + returns).setReturnId(id(returns))
        .setMaxRetries(maxRetries).setOwner(SELF);
    for (String arg : args) {
      spec.addArgs(TaskArg.newBuilder().setRef(ObjectRefProto.newBuilder().setObjectId(id(arg)).setOwner(SELF)));
    }
    return spec.build();
  }

  private static ByteString id(String name) {
    return ByteString.copyFromUtf8(name);
  }
}
