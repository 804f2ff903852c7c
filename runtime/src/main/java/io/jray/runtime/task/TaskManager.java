package io.jray.runtime.task;

import io.jray.proto.TaskSpec;
import io.jray.runtime.config.JrayConfig;
import io.jray.runtime.lineage.Lineage;
import io.jray.runtime.object.MemoryStore;
import io.jray.runtime.object.ReferenceCounter;
import io.jray.runtime.object.StoredObject;
import io.jray.runtime.state.TaskEventBuffer;

/**
 * What happens when a task this process owns ends for good, for normal tasks and actor calls alike: its
 * arguments are let go, its end is reported, its value goes to the memory store, and its spec is kept in the
 * {@link Lineage} while the value is in scope, so a lost value can be rebuilt by running the task again.
 * Thread-safe; called on the thread that saw the task end (a reply's network thread: nothing here blocks).
 */
public final class TaskManager {
  private final MemoryStore store;
  private final ReferenceCounter refs;
  private final TaskEventBuffer events;
  private final Lineage lineage;

  public TaskManager(MemoryStore store, ReferenceCounter refs, TaskEventBuffer events, Lineage lineage) {
    this.store = store;
    this.refs = refs;
    this.events = events;
    this.lineage = lineage;
  }

  /**
   * A normal task ended for good.
   *
   * @param submitted the spec as submitted (ref arguments not inlined): the one re-run to rebuild its value
   * @param ran the spec of its last attempt
   * @param retriesLeft the retries it has not used (-1: unlimited); a rebuild takes from them
   */
  public void taskEnded(TaskSpec submitted, TaskSpec ran, StoredObject outcome, int retriesLeft) {
    ended(submitted, ran, outcome, false, retriesLeft);
  }

  /**
   * An actor call ended for good; its value can be rebuilt only when the actor allows task retries (Ray's rule).
   *
   * @param maxTaskRetries the actor's max_task_retries (-1: unlimited)
   */
  public void actorCallEnded(TaskSpec submitted, StoredObject outcome, int maxTaskRetries) {
    ended(submitted, submitted, outcome, true, maxTaskRetries);
  }

  private void ended(TaskSpec submitted, TaskSpec ran, StoredObject outcome, boolean actorCall, int retriesLeft) {
    refs.releaseArgs(submitted);
    events.finished(ran, outcome);
    if (!outcome.isError() && !submitted.getReturnsVoid()) {
      if (!JrayConfig.LINEAGE_PINNING_ENABLED.get()) {
        lineage.absent(submitted.getReturnId(), Lineage.Missing.NOT_RECORDED, submitted.getName());
      } else if (retriesLeft != 0) {
        lineage.keep(submitted, actorCall, retriesLeft);
      } else {
        lineage.absent(submitted.getReturnId(), actorCall ? Lineage.Missing.ACTOR_NOT_RETRIABLE
            : Lineage.Missing.NOT_RETRIABLE, submitted.getName());
      }
    }
    store.complete(submitted.getReturnId(), outcome);
    if (!store.contains(submitted.getReturnId())) {
      lineage.outOfScope(submitted.getReturnId()); // freed before its value came: keep nothing for it
    }
  }
}
