package io.jray.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.runtime.process.ProcessRecord;
import io.jray.runtime.rpc.AuthToken;
import io.jray.testing.TestProcesses;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A worker JVM whose raylet dies before the worker finished starting. */
class WorkerStartupTest {
  @Test
  void aWorkerWhoseRayletDiesWhileItIsStillStartingExits() throws Exception {
    Path dir = Files.createTempDirectory(TestProcesses.root(), "worker-startup-");
    Process raylet = new ProcessBuilder("sleep", "600").start(); // stands in for the raylet: a process to watch
    Process worker = null;
    // A GCS address that accepts connections and never answers: the worker's start blocks talking to it, as a
    // worker's does when its node is killed under it (the registration then waits for a whole RPC deadline).
    try (ServerSocket silentGcs = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      ProcessRecord rayletRecord = ProcessRecord.of(raylet.pid()).orElseThrow();
      ProcessBuilder pb = new ProcessBuilder(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "io.jray.runtime.WorkerMain",
          "--raylet-address=127.0.0.1:" + silentGcs.getLocalPort(),
          "--gcs-address=127.0.0.1:" + silentGcs.getLocalPort(),
          "--node-id=00", "--node-ip=127.0.0.1", "--job-id=01000000", "--worker-id=00",
          "--raylet-pid=" + rayletRecord.pid(), "--raylet-start=" + rayletRecord.startTicks(),
          "--test-dir=" + dir)) // the test dir in its command line marks it as this test's
          .redirectOutput(dir.resolve("worker.out").toFile()).redirectError(dir.resolve("worker.err").toFile());
      pb.environment().put(AuthToken.ENV_TOKEN, "startup-test-token");
      worker = pb.start();
      // Let it reach the blocking call: its connection arrives at the silent GCS.
      silentGcs.setSoTimeout(60_000);
      silentGcs.accept();
      raylet.destroyForcibly().waitFor();
      // It watches its raylet every process_watch_period_ms (250 ms); waiting out its GCS call instead takes the
      // call's whole deadline (rpc_timeout_ms, 10 s), and a GCS that is slow rather than silent could hold it longer.
      assertTrue(worker.waitFor(5, TimeUnit.SECONDS), "the worker exited once its raylet was gone; stderr: "
          + Files.readString(dir.resolve("worker.err")));
    } finally {
      raylet.destroyForcibly();
      if (worker != null) {
        worker.destroyForcibly().waitFor();
      }
    }
  }
}
