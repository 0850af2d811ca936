package com.veritrace.recall;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.VeritraceApplication;
import com.veritrace.catalog.CatalogService;
import com.veritrace.codes.Gtin;
import com.veritrace.codes.Sscc;
import com.veritrace.events.EventRecorder;
import com.veritrace.events.NewEvent;
import com.veritrace.events.RecalledEvents;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EpcisEvent;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink;
import com.veritrace.issuance.CodeFormat;
import com.veritrace.issuance.CodeIssuanceService;
import com.veritrace.issuance.CodeJob;
import com.veritrace.tenancy.ApiKeyService;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Organisation;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.OrganisationService;
import com.veritrace.tenancy.Scope;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Benchmark of docs/BENCHMARKS.md "Recall progress (issue 14)" (not a test; run by
 * deploy/bench/recall-progress.sh), on MariaDB database {@value #DB} (recreated):
 * <ul>
 * <li>{@code progress [codes=1000000] [reads=20] [cases=2000] [perCase=50] [retail=10000]}:
 * a lot of N issued codes (a real issuance job); some of them packed into cases by the
 * brand, the cases received by 50 warehouses, items sold by 200 shops (events through the
 * event store); then a recall of the lot over HTTP, the time until its progress rows are
 * built, and the latency of progress reads over HTTP (median, p95, max of {@code reads})
 * and of a page of one shop's items.</li>
 * <li>{@code watch [batches=200] [batchSize=2000]}: the recall watch's own cost per
 * stored batch (the hook the event store calls in its transaction), with no recall open,
 * with a recall open on another product, and with one open on the batch's product.</li>
 * </ul>
 */
public final class RecallProgressBenchmark {

	static final String DB = "veritrace_bench_recall";

	static final String ADMIN = "bench-recall-admin-0123456789abcdef";

	static final String KEY = "bench-recall-brand-0123456789abcdef";

	static final String SERIAL_KEY = "YmVuY2ggc2VyaWFsIG1hc3RlciBrZXksIDMyIGJ5dGVzIS4=";

	static final String GTIN = "09520123456788";

	private static final String SERVER = "jdbc:mysql://127.0.0.1:3306/";

	private static final String OPTIONS = "?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true"
			+ "&cachePrepStmts=true&prepStmtCacheSize=250&prepStmtCacheSqlLimit=2048";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ConfigurableApplicationContext app;

	private final JdbcTemplate jdbc;

	private final HttpClient http = HttpClient.newHttpClient();

	private final String base;

	private RecallProgressBenchmark(ConfigurableApplicationContext app) {
		this.app = app;
		this.jdbc = app.getBean(JdbcTemplate.class);
		this.base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
	}

	public static void main(String[] args) throws Exception {
		String mode = args.length > 0 ? args[0] : "progress";
		int[] n = Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray();
		RecallProgressBenchmark bench = new RecallProgressBenchmark(start(n.length > 0 ? n[0] : 1_000_000));
		System.out.println("InnoDB buffer pool "
				+ bench.jdbc.queryForObject("SELECT @@innodb_buffer_pool_size", Long.class) / (1024 * 1024) + " MiB, "
				+ bench.jdbc.queryForObject("SELECT VERSION()", String.class) + ", "
				+ Runtime.getRuntime().availableProcessors() + " cores, load " + load());
		if (mode.equals("watch")) {
			bench.watch(n.length > 0 ? n[0] : 200, n.length > 1 ? n[1] : 2000);
		}
		else {
			bench.progress(n.length > 0 ? n[0] : 1_000_000, n.length > 1 ? n[1] : 20, n.length > 2 ? n[2] : 2000,
					n.length > 3 ? n[3] : 50, n.length > 4 ? n[4] : 10_000);
		}
		System.exit(0);
	}

	private static ConfigurableApplicationContext start(int maxCodes) throws Exception {
		try (Connection c = DriverManager.getConnection(SERVER + OPTIONS, "root", "");
				Statement s = c.createStatement()) {
			s.execute("DROP DATABASE IF EXISTS " + DB);
			s.execute("CREATE DATABASE " + DB + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
		}
		return SpringApplication.run(VeritraceApplication.class, "--spring.profiles.active=mariadb",
				"--spring.datasource.url=" + SERVER + DB + OPTIONS, "--spring.datasource.username=root",
				"--spring.datasource.password=", "--server.port=0",
				"--veritrace.production.allow-insecure=" + com.veritrace.support.MariaDbTestDatabase.ALLOW_INSECURE,
				"--veritrace.demo.enabled=false", "--veritrace.anchor.enabled=false",
				"--veritrace.bootstrap.admin-key=" + ADMIN, "--veritrace.codes.serial-key=" + SERIAL_KEY,
				"--veritrace.codes.max-quantity=" + Math.max(maxCodes, 1_000_000), "--logging.level.root=WARN",
				"--logging.level.com.veritrace.recall=INFO");
	}

	private void progress(int codes, int reads, int cases, int perCase, int retail) throws Exception {
		Organisation brand = organisation("Bench brand", OrganisationKind.BRAND);
		this.app.getBean(ApiKeyService.class)
			.issue(brand, "bench key", EnumSet.of(Scope.READ, Scope.RECALLS_WRITE, Scope.CODES_ISSUE), KEY);
		Caller caller = new Caller(brand.getId(), brand.getName(), OrganisationKind.BRAND, 0,
				EnumSet.of(Scope.READ, Scope.PRODUCTS_WRITE, Scope.CODES_ISSUE));
		this.app.getBean(CatalogService.class).createProduct(caller, GTIN, "Bench formula", null, null);
		this.app.getBean(CatalogService.class).createLot(caller, GTIN, "BENCH-LOT", null, null);
		long t0 = System.nanoTime();
		CodeJob job = this.app.getBean(CodeIssuanceService.class)
			.issueNow(caller, new CodeIssuanceService.IssueRequest("bench-recall", GTIN, "BENCH-LOT", codes,
					CodeFormat.DIGITAL_LINK, 7, null, null));
		List<String> serials = this.jdbc.queryForList(
				"SELECT serial FROM issued_code WHERE job_id = ? AND seq <= ? ORDER BY seq", String.class, job.id(),
				Math.max(cases * perCase, retail));
		System.out.printf("seeded %,d codes in %.1f s%n", codes, (System.nanoTime() - t0) / 1e9);
		List<Organisation> warehouses = new ArrayList<>();
		List<Organisation> shops = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			warehouses.add(organisation("Warehouse " + i, OrganisationKind.WAREHOUSE));
		}
		for (int i = 0; i < 200; i++) {
			shops.add(organisation("Shop " + i, OrganisationKind.LOGISTICS));
		}
		t0 = System.nanoTime();
		Instant packed = Instant.parse("2026-11-01T00:00:00Z");
		EventRecorder recorder = this.app.getBean(EventRecorder.class);
		List<String> batch = new ArrayList<>();
		for (int c = 0; c < cases; c++) {
			List<String> children = new ArrayList<>();
			for (int i = c * perCase; i < (c + 1) * perCase && i < serials.size(); i++) {
				children.add("\"https://id.gs1.org/01/" + GTIN + "/21/" + serials.get(i) + "\"");
			}
			batch.add("{\"type\":\"AggregationEvent\",\"eventTime\":\"" + packed.plusSeconds(c)
					+ "\",\"eventTimeZoneOffset\":\"+00:00\",\"parentID\":\"https://id.gs1.org/00/" + sscc(c)
					+ "\",\"childEPCs\":[" + String.join(",", children)
					+ "],\"action\":\"ADD\",\"bizStep\":\"packing\"}");
		}
		store(recorder, brand.getId(), batch);
		for (int w = 0; w < warehouses.size(); w++) {
			batch.clear();
			for (int c = w; c < cases; c += warehouses.size()) {
				batch.add(object(packed.plusSeconds(86_400 + c), "receiving", gln(w),
						"\"https://id.gs1.org/00/" + sscc(c) + "\""));
			}
			store(recorder, warehouses.get(w).getId(), batch);
		}
		for (int s = 0; s < shops.size(); s++) {
			batch.clear();
			for (int i = s; i < retail; i += shops.size()) {
				batch.add(object(packed.plusSeconds(2 * 86_400 + i), "retail_selling", gln(1000 + s),
						"\"https://id.gs1.org/01/" + GTIN + "/21/" + serials.get(i) + "\""));
			}
			store(recorder, shops.get(s).getId(), batch);
		}
		System.out.printf("seeded %,d cases of %d items (aggregation + receiving at 50 warehouses) and %,d retail "
				+ "sales at 200 shops in %.1f s%n", cases, perCase, retail, (System.nanoTime() - t0) / 1e9);

		t0 = System.nanoTime();
		JsonNode recall = call("POST", "/api/v1/recalls", """
				{"gtin":"%s","lots":["BENCH-LOT"],"recallClass":"I","reasonCode":"CONTAMINATION_BIOLOGICAL",
				 "reason":"Bench","consumerInstructions":{"en":"Return it.","zh-CN":"请退回。"},
				 "partnerInstructions":{"en":"Hold stock.","zh-CN":"封存库存。"}}
				""".formatted(GTIN));
		String id = recall.get("id").asString();
		System.out.printf("recall issued (%,d items) in %.2f s%n", recall.get("itemCount").asLong(),
				(System.nanoTime() - t0) / 1e9);
		JsonNode progress;
		do {
			Thread.sleep(1000);
			progress = call("GET", "/api/v1/recalls/" + id + "/progress", null);
		}
		while (!"READY".equals(progress.get("build").get("state").asString()));
		System.out.printf(
				"progress built: %,d items, %,d cases, %d holder rows, in %.1f s after the issue "
						+ "(includes the %s start delay)%n",
				progress.get("items").asLong(), progress.get("cases").asLong(), progress.get("holdersTotal").asLong(),
				(System.nanoTime() - t0) / 1e9, this.app.getBean(RecallProgressProperties.class).startDelay());
		System.out.println("progress read over HTTP, 5 rounds of " + reads + " reads after 3 warm-up: "
				+ timed(reads, "/api/v1/recalls/" + id + "/progress"));
		long shop = shops.get(7).getId();
		System.out.println("a shop's items (first page of 100): "
				+ timed(reads, "/api/v1/recalls/" + id + "/progress/items?holder=" + shop + "&limit=100"));
		System.out.println("items not seen in any event (first page of 100): "
				+ timed(reads, "/api/v1/recalls/" + id + "/progress/items?holder=0&limit=100"));
		System.out.println("all items in circulation, first page of 1000: "
				+ timed(reads, "/api/v1/recalls/" + id + "/progress/items?removed=false&limit=1000"));
		System.out.println("load " + load());
	}

	private void watch(int batches, int size) throws Exception {
		RecallWatch watch = this.app.getBean(RecallWatch.class);
		RecallIndex index = this.app.getBean(RecallIndex.class);
		Organisation brand = organisation("Bench brand", OrganisationKind.BRAND);
		this.app.getBean(ApiKeyService.class)
			.issue(brand, "bench key", EnumSet.of(Scope.READ, Scope.RECALLS_WRITE, Scope.CODES_ISSUE), KEY);
		Caller caller = new Caller(brand.getId(), brand.getName(), OrganisationKind.BRAND, 0,
				EnumSet.of(Scope.READ, Scope.PRODUCTS_WRITE, Scope.CODES_ISSUE));
		String other = "09520123456795";
		for (String gtin : List.of(GTIN, other)) {
			this.app.getBean(CatalogService.class).createProduct(caller, gtin, "Bench " + gtin, null, null);
			this.app.getBean(CatalogService.class).createLot(caller, gtin, "L1", null, null);
			this.app.getBean(CodeIssuanceService.class)
				.issueNow(caller, new CodeIssuanceService.IssueRequest("watch-" + gtin, gtin, "L1", 10,
						CodeFormat.DIGITAL_LINK, 7, null, null));
		}
		// batches as the event store hands them over: item events of the product, not
		// stored (the watch only reads)
		List<RecalledEvents.Stored> items = new ArrayList<>();
		List<RecalledEvents.Stored> cases = new ArrayList<>();
		EpcisDocumentParser parser = new EpcisDocumentParser();
		for (int i = 0; i < size; i++) {
			items.add(stored(parser, i,
					object(Instant.now(), "shipping", gln(1), "\"https://id.gs1.org/01/" + GTIN + "/21/S" + i + "\""),
					Set.of()));
			cases.add(stored(parser, i,
					object(Instant.now(), "shipping", gln(1), "\"https://id.gs1.org/00/" + sscc(i) + "\""),
					Set.of(sscc(i))));
		}
		System.out.println("batches of " + size + " events, " + batches + " per case; microseconds per batch "
				+ "(median, p95), and per event at the median");
		measure("no recall open, item events", watch, items, batches, index);
		measure("no recall open, case events", watch, cases, batches, index);
		recallL1(other, index);
		measure("a recall open on another product, item events", watch, items, batches, index);
		measure("a recall open on another product, case events", watch, cases, batches, index);
		recallL1(GTIN, index);
		measure("a recall open on this product (serials not in the lot)", watch, items, batches, index);
		System.out.println("load " + load());
	}

	/** Recalls lot L1 of the GTIN; the index knows it at once. */
	private void recallL1(String gtin, RecallIndex index) throws Exception {
		call("POST", "/api/v1/recalls", """
				{"gtin":"%s","lots":["L1"],"recallClass":"II","reasonCode":"OTHER","reason":"Bench",
				 "consumerInstructions":{"en":"x","zh-CN":"x"},"partnerInstructions":{"en":"x","zh-CN":"x"}}
				""".formatted(gtin));
		index.refresh();
	}

	private void measure(String what, RecallWatch watch, List<RecalledEvents.Stored> batch, int batches,
			RecallIndex index) {
		long[] micros = new long[batches];
		for (int i = -20; i < batches; i++) {
			long t = System.nanoTime();
			watch.stored(batch);
			if (i >= 0) {
				micros[i] = (System.nanoTime() - t) / 1000;
			}
		}
		Arrays.sort(micros);
		long median = micros[batches / 2];
		System.out.printf("  %-55s median %,8d µs  p95 %,8d µs  (%.2f µs/event)%n", what, median,
				micros[(int) (batches * 0.95)], median / (double) batch.size());
	}

	private static RecalledEvents.Stored stored(EpcisDocumentParser parser, int i, String json, Set<String> ssccs) {
		EpcisEvent e = parser.parse(json).events().get(0);
		byte[] hash = new EventHasher().hash(e).digest();
		return new RecalledEvents.Stored(i + 1, new NewEvent(hash, "sha-256", null, e.type().name(), e.eventTime(),
				e.eventTimeZoneOffset(), "OBSERVE", e.bizStep(), e.disposition(), null, e.bizLocationId(), 1, json,
				e.identifiers().items().stream().map(id -> new NewEvent.ItemKey(id.gtin(), id.serial())).toList(),
				List.of()), ssccs);
	}

	/**
	 * Five rounds of {@code reads} reads, two seconds apart: each round's median, and
	 * theirs.
	 */
	private String timed(int reads, String path) throws Exception {
		for (int i = 0; i < 3; i++) {
			call("GET", path, null);
		}
		double[] medians = new double[5];
		double max = 0;
		StringBuilder rounds = new StringBuilder();
		for (int round = 0; round < medians.length; round++) {
			double[] ms = new double[reads];
			for (int i = 0; i < reads; i++) {
				long t = System.nanoTime();
				call("GET", path, null);
				ms[i] = (System.nanoTime() - t) / 1e6;
			}
			Arrays.sort(ms);
			medians[round] = ms[reads / 2];
			max = Math.max(max, ms[reads - 1]);
			rounds.append(String.format("%s%.1f", round == 0 ? "" : ", ", medians[round]));
			Thread.sleep(2000);
		}
		double[] sorted = medians.clone();
		Arrays.sort(sorted);
		return String.format("round medians %s ms; median %.1f ms, max %.1f ms", rounds, sorted[2], max);
	}

	private void store(EventRecorder recorder, long reporter, List<String> events) {
		EpcisDocumentParser parser = new EpcisDocumentParser();
		EventHasher hasher = new EventHasher();
		for (int i = 0; i < events.size(); i += 500) {
			List<EventSink.HashedEvent> hashed = new ArrayList<>();
			for (String json : events.subList(i, Math.min(events.size(), i + 500))) {
				EpcisEvent e = parser.parse(json).events().get(0);
				hashed.add(new EventSink.HashedEvent(e, hasher.hash(e)));
			}
			recorder.recordOnBehalf(reporter, hashed);
		}
	}

	private JsonNode call(String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Authorization", "Bearer " + KEY)
			.header("Content-Type", "application/json")
			.method(method,
					body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() >= 300) {
			throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
		}
		return JSON.readTree(response.body());
	}

	private Organisation organisation(String name, OrganisationKind kind) {
		return this.app.getBean(OrganisationService.class).createUnchecked(name, kind);
	}

	private static String object(Instant time, String bizStep, String location, String epcs) {
		return "{\"type\":\"ObjectEvent\",\"eventTime\":\"" + time + "\",\"eventTimeZoneOffset\":\"+00:00\","
				+ "\"epcList\":[" + epcs + "],\"action\":\"OBSERVE\",\"bizStep\":\"" + bizStep
				+ "\",\"bizLocation\":{\"id\":\"" + location + "\"}}";
	}

	private static String sscc(int c) {
		return Sscc.of(0, "0952012", 1_000_000L + c).value();
	}

	private static String gln(int n) {
		String body = "952012" + String.format("%06d", n);
		return "https://id.gs1.org/414/" + body + Gtin.checkDigit(body, 12);
	}

	private static String load() throws Exception {
		return String.join(" ",
				Arrays.asList(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" "))
					.subList(0, 3));
	}

}
