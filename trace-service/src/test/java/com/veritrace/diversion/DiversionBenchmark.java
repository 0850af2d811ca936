package com.veritrace.diversion;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.events.NewEvent;

/**
 * What the diversion parts cost on the hot paths, in memory (no database): the cell
 * table's look-up (scan log writer thread), the region rule, and the event watch's test
 * of events that concern no distributor (the storing transaction) against a directory of
 * 1,000 distributors with 10 locations each. Medians of 5 runs after a warm-up. Not run
 * by the build: {@code ./mvnw -pl trace-service -am test -Dtest=DiversionBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.skip=true}.
 */
class DiversionBenchmark {

	@Test
	void hotPaths() {
		CellRegions cells = new CellRegions();
		String[] cellTexts = { "31.2,121.5", "23.1,113.3", "39.9,116.4", "30.6,114.3", "52.5,13.4", "0.0,-150.0" };
		report("cell table look-up", 100_000, i -> cells.region(cellTexts[i % cellTexts.length]));
		List<String> regions = List.of("CN-31", "CN-32", "CN-33");
		report("region rule", 1_000_000, i -> Regions.place(regions, (i & 1) == 0 ? "CN-44" : "CN-31"));

		List<Distributor> distributors = new ArrayList<>();
		for (int d = 0; d < 1000; d++) {
			List<String> locations = new ArrayList<>();
			for (int l = 0; l < 10; l++) {
				locations.add("urn:epc:id:sgln:0614141." + d + "." + l);
			}
			distributors.add(new Distributor(d, 1, "D" + d, null, null, regions, locations, 0));
		}
		Map<String, List<Distributor>> byLocation = new java.util.HashMap<>();
		distributors
			.forEach(d -> d.locations().forEach(l -> byLocation.computeIfAbsent(l, k -> new ArrayList<>()).add(d)));
		DistributorDirectory.Snapshot snapshot = new DistributorDirectory.Snapshot(0, Map.of(), byLocation, Map.of(),
				Set.of(1L));
		ShipmentWatch watch = new ShipmentWatch(null, null, null, null, JsonMapper.builder().build(),
				new DiversionProperties(null, Duration.ofDays(1), 10_000, Duration.ofSeconds(30)));
		NewEvent plain = event("urn:epcglobal:cbv:bizstep:receiving", "urn:epc:id:sgln:9999999.1.0", "{}");
		NewEvent shipped = event("https://ref.gs1.org/cbv/BizStep-shipping", null,
				"{\"destinationList\":[{\"type\":\"location\",\"destination\":\"urn:epc:id:sgln:9999999.2.0\"}]}");
		report("event watch, event at no distributor", 1_000_000, i -> watch.targets(snapshot, plain));
		report("event watch, shipment to no distributor (JSON parsed)", 100_000, i -> watch.targets(snapshot, shipped));
	}

	private static NewEvent event(String bizStep, String bizLocation, String json) {
		return new NewEvent(new byte[32], "sha-256", null, "ObjectEvent", Instant.EPOCH, "+00:00", "OBSERVE", bizStep,
				null, null, bizLocation, 1, json, List.of(new NewEvent.ItemKey("06901234567892", "S1")), List.of());
	}

	interface Step {

		Object run(int i);

	}

	private static void report(String name, int n, Step step) {
		long[] runs = new long[5];
		Object sink = null;
		for (int i = 0; i < n; i++) {
			sink = step.run(i);
		}
		for (int r = 0; r < runs.length; r++) {
			long start = System.nanoTime();
			for (int i = 0; i < n; i++) {
				sink = step.run(i);
			}
			runs[r] = System.nanoTime() - start;
		}
		Arrays.sort(runs);
		System.out.printf("BENCH %s: %.0f ns per call (median of 5 runs of %d; sink %s)%n", name, (double) runs[2] / n,
				n, sink == null ? "null" : sink.getClass().getSimpleName());
	}

}
