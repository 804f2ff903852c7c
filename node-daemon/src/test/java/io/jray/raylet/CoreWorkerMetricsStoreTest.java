package io.jray.raylet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jray.proto.MetricSample;
import io.jray.proto.ReportCoreWorkerMetricsRequest;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CoreWorkerMetricsStoreTest {
  private final AtomicLong now = new AtomicLong(1000);
  private final CoreWorkerMetricsStore store = new CoreWorkerMetricsStore(now::get, 100);

  private static ReportCoreWorkerMetricsRequest report(String who, double tasks, double heap) {
    return ReportCoreWorkerMetricsRequest.newBuilder().setReporter(who)
        .addCounters(MetricSample.newBuilder().setName("jray_core_worker_tasks").putLabels("Name", "f").setValue(tasks))
        .addGauges(MetricSample.newBuilder().setName("jray_core_worker_heap_used_bytes").setValue(heap))
        .build();
  }

  private String text() throws IOException {
    MetricSnapshots snapshots = store.collect();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, snapshots);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void valuesAreSummedOverReportersAndAnEndedReportersCountersStayWhileItsGaugesGo() throws IOException {
    store.report(report("a", 3, 100));
    store.report(report("b", 4, 50));
    store.report(report("a", 5, 120)); // a report replaces that reporter's last one: counters are cumulative
    String both = text();
    assertTrue(both.contains("jray_core_worker_tasks_total{Name=\"f\"} 9.0"), both);
    assertTrue(both.contains("jray_core_worker_heap_used_bytes 170.0"), both);
    now.addAndGet(50);
    store.report(report("b", 6, 60));
    now.addAndGet(80); // a is silent for 130 ms: it ended
    String after = text();
    assertTrue(after.contains("jray_core_worker_tasks_total{Name=\"f\"} 11.0"), "a's 5 stay in the sum: " + after);
    assertTrue(after.contains("jray_core_worker_heap_used_bytes 60.0"), after);
  }

  @Test
  void onlyCoreWorkerNamesAndPlainLabelsAreTaken() throws IOException {
    store.report(ReportCoreWorkerMetricsRequest.newBuilder().setReporter("x")
        .addCounters(MetricSample.newBuilder().setName("jray_gcs_fake").setValue(1))
        .addCounters(MetricSample.newBuilder().setName("jray_core_worker_x").putAllLabels(Map.of("bad-label", "v"))
            .setValue(1))
        .addCounters(MetricSample.newBuilder().setName("jray_core_worker_y").setValue(Double.NaN))
        .addCounters(MetricSample.newBuilder().setName("jray_core_worker_ok").setValue(2))
        .addGauges(MetricSample.newBuilder().setName("jray_core_worker_ok").setValue(7)) // a name is one kind
        .build());
    String text = text();
    assertEquals(1, text.lines().filter(l -> !l.startsWith("#")).count(), text);
    assertTrue(text.contains("jray_core_worker_ok_total 2.0"), text);
  }

  @Test
  void aReporterThatComesBackAfterSilenceIsNotCountedTwice() throws IOException {
    store.report(report("a", 5, 100));
    now.addAndGet(150); // a is silent past the limit: its counters are kept as an ended reporter's
    String retired = text();
    assertTrue(retired.contains("jray_core_worker_tasks_total{Name=\"f\"} 5.0"), retired);
    store.report(report("a", 7, 100)); // a was only slow: its cumulative 7 includes the 5 kept
    String back = text();
    assertTrue(back.contains("jray_core_worker_tasks_total{Name=\"f\"} 7.0"), "counted once: " + back);
  }
}
