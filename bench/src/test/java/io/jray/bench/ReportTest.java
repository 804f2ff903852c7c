package io.jray.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The line format of {@code ray microbenchmark} and the JSON document. */
class ReportTest {

  @Test
  void aLineIsAsRayPrintsIt() {
    assertEquals("single_client_get_calls per second 10620.5 +- 12.34",
        Report.line(new Result("single_client_get_calls", List.of(), 10620.5, 12.3412, null)));
  }

  @Test
  void numbersAreAsPythonPrintsRoundTwo() {
    assertEquals("1200.0", Report.pythonRound2(1200));
    assertEquals("0.07", Report.pythonRound2(0.0703));
    assertEquals("19.9", Report.pythonRound2(19.899999));
    assertEquals("0.0", Report.pythonRound2(0));
    assertEquals("123456789.12", Report.pythonRound2(123456789.1234));
  }

  @Test
  void jsonHasEveryResultWithItsRoundsOrItsError() {
    BenchSettings settings = new BenchSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), 2, 1);
    String json = Report.json(List.of(Result.of("a", List.of(1.0, 3.0)), Result.failed("b", "boom")), settings,
        new HostLoad(2, 1.5), new HostLoad(2, 2.5));
    JsonObject root = JsonParser.parseString(json).getAsJsonObject();
    JsonObject a = root.getAsJsonArray("results").get(0).getAsJsonObject();
    assertEquals(2.0, a.get("per_second").getAsDouble());
    assertEquals(1.0, a.get("stddev").getAsDouble());
    assertEquals(2, a.getAsJsonArray("rounds").size());
    assertEquals("boom", root.getAsJsonArray("results").get(1).getAsJsonObject().get("error").getAsString());
    assertEquals(2.5, root.getAsJsonObject("host").get("load_average_after").getAsDouble());
    assertTrue(root.getAsJsonObject("settings").has("duration_s"));
  }

  @Test
  void aFilterSelectsByPartOfTheName() {
    assertEquals(List.of("single_client_put_calls", "multi_client_put_calls"),
        Workloads.matching("put_calls").stream().map(Workload::name).toList());
    assertEquals(Workloads.all(), Workloads.matching(""));
    assertEquals(23, Workloads.all().size()); // Ray's 18 shared rows and its five async-actor rows
    assertEquals(List.of("1_1_async_actor_calls_sync", "1_1_async_actor_calls_async",
        "1_1_async_actor_calls_with_args_async", "1_n_async_actor_calls_async", "n_n_async_actor_calls_async"),
        Workloads.matching("async_actor").stream().map(Workload::name).toList());
  }
}
