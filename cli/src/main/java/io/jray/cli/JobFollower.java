package io.jray.cli;

import io.jray.proto.GetJobLogsReply;
import io.jray.proto.GetJobLogsRequest;
import io.jray.proto.SubmissionState;
import java.io.PrintStream;

/** Prints a job's driver log from an offset, and with {@code follow} keeps printing until the job ends. */
final class JobFollower {
  private static final long POLL_MS = 200;

  private JobFollower() {}

  /** Returns the job's state when the log was printed to its end (the final state when following). */
  static SubmissionState print(ClusterConnection cluster, String id, boolean follow, PrintStream out)
      throws InterruptedException {
    long offset = 0;
    while (true) {
      long from = offset;
      GetJobLogsReply reply = cluster.jobs(s -> s.getJobLogs(
          GetJobLogsRequest.newBuilder().setSubmissionId(id).setOffset(from).build()));
      out.write(reply.getData().toByteArray(), 0, reply.getData().size());
      out.flush();
      offset = reply.getNextOffset();
      boolean ended = reply.getState() != SubmissionState.PENDING && reply.getState() != SubmissionState.RUNNING;
      if (!reply.getData().isEmpty()) {
        continue;
      }
      if (!follow || ended) {
        return reply.getState();
      }
      Thread.sleep(POLL_MS);
    }
  }

  /**
   * Prints the log and, with {@code follow}, keeps printing until the job ends or the user presses Ctrl-C.
   * Returns the job's state, or null after Ctrl-C (the job keeps running; only the following stopped).
   */
  static SubmissionState printUntilCtrlC(ClusterConnection cluster, String id, boolean follow, PrintStream out) {
    try (InterruptOnCtrlC ctrlC = new InterruptOnCtrlC()) {
      return print(cluster, id, follow, out);
    } catch (InterruptedException e) {
      return null;
    } catch (CliException e) {
      // An RPC cut short by the interrupt fails as CANCELLED; the interrupt says it was Ctrl-C.
      if (Thread.interrupted()) {
        return null;
      }
      throw e;
    }
  }

  static boolean isDone(SubmissionState state) {
    return state != SubmissionState.PENDING && state != SubmissionState.RUNNING;
  }
}
