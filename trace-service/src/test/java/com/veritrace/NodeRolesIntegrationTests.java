package com.veritrace;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.support.MariaDbIntegrationTest;
import com.veritrace.support.MariaDbTestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.scheduling.config.TaskManagementConfigUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two NODES of one fleet on one MariaDB database (issue 18 item 1): a web-only node and a
 * jobs and anchor node without the web role. A capture job left pending (as by a node
 * that crashed) is recovered by the jobs node only; only it takes the anchor lease, and
 * gives it up when it stops; it answers 404 to the API and its probes answer.
 */
class NodeRolesIntegrationTests {

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final List<ConfigurableApplicationContext> NODES = new ArrayList<>();

	static ConfigurableApplicationContext start(String roles) {
		List<String> properties = List.of("server.port=0", "veritrace.roles=" + roles,
				"veritrace.node-name=node-" + roles.replace(',', '-'),
				"veritrace.bootstrap.admin-key=" + MariaDbIntegrationTest.ADMIN_KEY, "veritrace.demo.enabled=false",
				"veritrace.capture.recovery-interval=PT0.1S", "veritrace.anchor.poll.interval=PT0.1S",
				"spring.datasource.url=" + MariaDbTestDatabase.url("roles"),
				"spring.datasource.username=" + MariaDbTestDatabase.USER,
				"spring.datasource.password=" + MariaDbTestDatabase.PASSWORD,
				"veritrace.production.allow-insecure=" + MariaDbTestDatabase.ALLOW_INSECURE);
		ConfigurableApplicationContext node = new SpringApplicationBuilder(VeritraceApplication.class)
			.profiles("mariadb")
			.run(properties.stream().map(p -> "--" + p).toArray(String[]::new));
		NODES.add(node);
		return node;
	}

	@AfterAll
	static void stopTheNodes() {
		NODES.forEach(ConfigurableApplicationContext::close);
	}

	static HttpResponse<String> get(ConfigurableApplicationContext node, String path) throws Exception {
		int port = node.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Accept", "application/json")
			// the operator's key: info needs it, the rest ignores it
			.header("Authorization", "Bearer " + MariaDbIntegrationTest.ADMIN_KEY)
			.timeout(Duration.ofSeconds(5))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	static List<String> scheduled(ConfigurableApplicationContext node) {
		return node
			.getBean(TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME, ScheduledTaskHolder.class)
			.getScheduledTasks()
			.stream()
			.map(task -> task.getTask().toString())
			.toList();
	}

	static String status(JdbcTemplate jdbc, String job) {
		return jdbc.queryForObject("SELECT status FROM capture_job WHERE id = ?", String.class, job);
	}

	@Test
	void jobsRunOnTheJobsNodeAndANodeWithoutWebAnswersOnlyActuator() throws Exception {
		ConfigurableApplicationContext web = start("web");
		JdbcTemplate jdbc = web.getBean(JdbcTemplate.class);
		// only the per-node refreshers are scheduled on the web node
		assertThat(scheduled(web)).allMatch(t -> t.endsWith("RecallIndex.poll") || t.endsWith("ReviewSettings.refresh"))
			.hasSize(2);
		// a capture job left pending, as by a node that crashed after answering 202
		String job = UUID.randomUUID().toString();
		long reporter = jdbc.queryForObject("SELECT MIN(id) FROM organisation", Long.class);
		jdbc.update("INSERT INTO capture_job (id, reporter_id, status, error_behaviour, document, event_count, "
				+ "created_ms) VALUES (?,?,'PENDING','PROCEED',?,0,?)", job, reporter, """
						{"@context":"https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
						 "type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-12-07T00:00:00Z",
						 "epcisBody":{"eventList":[]}}""", System.currentTimeMillis());
		// the web node's recovery would have run ten times over by now (2 s initial
		// delay,
		// then every 100 ms)
		Thread.sleep(3_000);
		assertThat(status(jdbc, job)).isEqualTo("PENDING");
		assertThat(jdbc.queryForObject("SELECT leader FROM anchor_state WHERE id = 1", String.class)).isNull();
		assertThat(get(web, "/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(get(web, "/actuator/info").body()).at("/node/roles").toString())
			.isEqualTo("[\"web\"]");

		ConfigurableApplicationContext jobs = start("jobs,anchor");
		long started = System.nanoTime();
		while (status(jdbc, job).equals("PENDING") && System.nanoTime() - started < Duration.ofSeconds(20).toNanos()) {
			Thread.sleep(100);
		}
		assertThat(status(jdbc, job)).isNotEqualTo("PENDING");
		assertThat(scheduled(jobs)).anyMatch(t -> t.endsWith("CaptureService.recover"))
			.anyMatch(t -> t.endsWith("DeliveryWorker.poll"))
			.anyMatch(t -> t.endsWith("RecallIndex.poll"));
		// the anchor node took the lease
		while (jdbc.queryForObject("SELECT leader FROM anchor_state WHERE id = 1", String.class) == null
				&& System.nanoTime() - started < Duration.ofSeconds(20).toNanos()) {
			Thread.sleep(100);
		}
		assertThat(jdbc.queryForObject("SELECT lease_until_ms FROM anchor_state WHERE id = 1", Long.class))
			.isGreaterThan(System.currentTimeMillis());

		// without the web role: the API, the scan page and the portal are 404 problems
		for (String path : List.of("/api/v1/products", "/01/09506000134352/21/ABC", "/portal", "/")) {
			HttpResponse<String> refused = get(jobs, path);
			assertThat(refused.statusCode()).as(path).isEqualTo(404);
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			JsonNode problem = JSON.readTree(refused.body());
			assertThat(problem.get("type").asString()).isEqualTo("/problems/not-found");
			assertThat(problem.get("detail").asString()).contains("veritrace.roles=anchor,jobs");
		}
		HttpResponse<String> readiness = get(jobs, "/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(readiness.body()).get("status").asString()).isEqualTo("UP");
		assertThat(get(jobs, "/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(get(jobs, "/actuator/info").body()).at("/node/roles").toString())
			.isEqualTo("[\"anchor\",\"jobs\"]");
		// and the web node still serves the API
		assertThat(get(web, "/api/v1/organisations/me").statusCode()).isEqualTo(200);

		// stopping the leader gives up its lease at once
		jobs.close();
		assertThat(jdbc.queryForObject("SELECT lease_until_ms FROM anchor_state WHERE id = 1", Long.class)).isZero();
	}

}
