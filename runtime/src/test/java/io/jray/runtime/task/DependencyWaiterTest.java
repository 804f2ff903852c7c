package io.jray.runtime.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.jray.proto.Address;
import io.jray.proto.ErrorType;
import io.jray.proto.ObjectRefProto;
import io.jray.proto.TaskArg;
import io.jray.proto.TaskSpec;
import io.jray.runtime.object.RayErrors;
import io.jray.runtime.object.StoredObject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DependencyWaiterTest {
  private static final Address STORE = Address.newBuilder().setIp("10.0.0.1").setPort(5000).build();
  private final AtomicReference<TaskSpec> ready = new AtomicReference<>();
  private final AtomicReference<StoredObject> failed = new AtomicReference<>();

  @Test
  void aTaskWithoutOwnedArgumentsGoesOnAtOnceUnchanged() {
    TaskSpec spec = spec(0);
    DependencyWaiter.whenResolved(spec, Map.of(), (s, args) -> ready.set(s), failed::set);
    assertSame(spec, ready.get());
  }

  @Test
  void aTaskWaitsForItsArgumentsThenCarriesTheSmallOnesInlineAndTheStoredOnesAsRefs() {
    CompletableFuture<StoredObject> small = new CompletableFuture<>();
    CompletableFuture<StoredObject> large = new CompletableFuture<>();
    DependencyWaiter.whenResolved(spec(2), Map.of(0, small, 1, large), (s, args) -> ready.set(s), failed::set);
    small.complete(StoredObject.ofValue(new byte[] {5}));
    assertNull(ready.get(), "still waiting for the second argument");
    large.complete(StoredObject.ofStored(STORE, 1 << 20));
    assertEquals(ByteString.copyFrom(new byte[] {5}), ready.get().getArgs(0).getValue());
    assertTrue(ready.get().getArgs(1).hasRef());
    assertNull(failed.get());
  }

  @Test
  void anArgumentThatIsAnErrorFailsTheTaskWithIt() {
    StoredObject error = StoredObject.ofError(RayErrors.of(ErrorType.WORKER_DIED, "up", "died"));
    DependencyWaiter.whenResolved(spec(2), Map.of(0, CompletableFuture.completedFuture(StoredObject.ofValue(new byte[1])),
        1, CompletableFuture.completedFuture(error)), (s, args) -> ready.set(s), failed::set);
    assertSame(error, failed.get());
    assertNull(ready.get());
  }

  private static TaskSpec spec(int refArgs) {
    TaskSpec.Builder b = TaskSpec.newBuilder().setName("f");
    for (int i = 0; i < refArgs; i++) {
      b.addArgs(TaskArg.newBuilder().setRef(ObjectRefProto.newBuilder().setObjectId(ByteString.copyFromUtf8("o" + i))));
    }
    return b.build();
  }
}
