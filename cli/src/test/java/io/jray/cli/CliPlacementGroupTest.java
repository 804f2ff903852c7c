package io.jray.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jray.api.PlacementGroups;
import io.jray.api.Ray;
import io.jray.api.options.PlacementGroupCreationOptions;
import io.jray.api.placementgroup.PlacementGroup;
import io.jray.api.placementgroup.PlacementStrategy;
import io.jray.testing.Await;
import io.jray.testing.ClusterHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** {@code jray list placement-groups} and the reserved resources in {@code jray status}, while this JVM's job holds groups. */
@Order(5)
class CliPlacementGroupTest {

  @Test
  void listShowsEachGroupsStateAndStatusCountsReservedResourcesAsUsed() throws Exception {
    try (ClusterHarness cluster = ClusterHarness.withHead(2); CliRun cli = CliRun.sandbox()) {
      Ray.init(cluster.gcsAddress().toString());
      try {
        PlacementGroup created = create("pg-created", Map.of("CPU", 1.0));
        PlacementGroup pending = create("pg-pending", Map.of("CPU", 8.0));
        assertTrue(created.wait(60));
        assertFalse(pending.wait(0));
        Map<String, String> token = Map.of("JRAY_AUTH_TOKEN", cluster.token().value());
        String address = "--address=" + cluster.gcsAddress();

        JsonArray rows = JsonParser.parseString(cli.run(token, "list", "placement-groups", address, "--format=json")
            .expectExit(0).out()).getAsJsonArray();
        assertEquals(2, rows.size(), rows.toString());
        for (var row : rows) {
          JsonObject group = row.getAsJsonObject();
          assertEquals(List.of("placement_group_id", "name", "creator_job_id", "state"), List.copyOf(group.keySet()));
          boolean isCreated = group.get("placement_group_id").getAsString().equals(created.getId().toHex());
          assertEquals(isCreated ? "CREATED" : "PENDING", group.get("state").getAsString(), group.toString());
        }
        String table = cli.run(token, "list", "placement-groups", address, "--filter", "state=PENDING")
            .expectExit(0).out();
        assertTrue(table.startsWith("PLACEMENT_GROUP_ID") && table.contains(pending.getId().toHex())
            && !table.contains(created.getId().toHex()), table);

        Await.until("status counts the reserved CPU as used", Duration.ofSeconds(30), () -> cli.run(token, "status",
            address).expectExit(0).out().contains(" 1.0/2.0 CPU (0.0 used of 1.0 reserved in placement groups)"));
      } finally {
        Ray.shutdown();
      }
    }
  }

  private static PlacementGroup create(String name, Map<String, Double> bundle) {
    return PlacementGroups.createPlacementGroup(new PlacementGroupCreationOptions.Builder()
        .setName(name).setBundles(List.of(bundle)).setStrategy(PlacementStrategy.PACK).build());
  }
}
