package io.jray.runtime.task;

import com.google.protobuf.ByteString;
import io.jray.proto.TaskArg;
import io.jray.proto.TaskSpec;
import io.jray.runtime.object.StoredObject;
import java.util.Map;

/**
 * Ref arguments whose owner is the caller and whose small value is known travel inside the task spec (as Ray
 * inlines them), so the worker need not ask the owner for each one. Values in the object store stay refs (the
 * worker reads them from shared memory), and so do errors. The caller keeps counting the refs themselves as
 * used by the task until it finishes: an inlined value may contain refs that only the object holds meanwhile.
 */
public final class InlinedArgs {
  private InlinedArgs() {}

  /** {@code spec} with each argument in {@code known} (argument index to its value) that is small put in place. */
  public static TaskSpec inline(TaskSpec spec, Map<Integer, StoredObject> known) {
    TaskSpec.Builder inlined = null;
    for (Map.Entry<Integer, StoredObject> arg : known.entrySet()) {
      StoredObject value = arg.getValue();
      if (value == null || value.isError() || value.isStored()) {
        continue;
      }
      if (inlined == null) {
        inlined = spec.toBuilder();
      }
      inlined.setArgs(arg.getKey(), TaskArg.newBuilder().setValue(ByteString.copyFrom(value.value())));
    }
    return inlined == null ? spec : inlined.build();
  }
}
