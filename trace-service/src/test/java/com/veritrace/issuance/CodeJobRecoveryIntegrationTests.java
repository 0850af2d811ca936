package com.veritrace.issuance;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.veritrace.shared.NodeRoles;
import com.veritrace.support.ApiClient;
import com.veritrace.support.ApiClient.Tenant;
import com.veritrace.support.MariaDbIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Code jobs in a fleet (issue 18): the jobs of a node that stopped are recovered without
 * touching the jobs another node is still running. A node restarting fails the jobs it
 * was running itself (by its name) at once; the jobs role fails jobs silent for
 * {@code job-stale-after} (2 minutes) and starts jobs queued that long; a runner whose
 * job was failed behind its back stops at its next batch. The jobs "of other nodes" are
 * rows as such a node leaves them: RUNNING, its name, its last heartbeat, some codes.
 */
@MariaDbIntegrationTest
class CodeJobRecoveryIntegrationTests {

	static final long MINUTE = 60_000;

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	CodeJobRunner runner;

	@Autowired
	CodeJobRepository jobs;

	@Autowired
	NodeRoles roles;

	ApiClient api;

	Tenant brand;

	long template;

	@BeforeEach
	void aBrandWithOneCompletedJob() throws Exception {
		this.api = new ApiClient(this.mvc);
		this.brand = this.api.tenant(ApiClient.unique("Brand"), "BRAND", "read", "products:write", "codes:issue");
		String gtin = ApiClient.randomGtin();
		this.api.call(post("/api/v1/products"), this.brand.key(), "{\"gtin\":\"" + gtin + "\",\"name\":\"P\"}", 201);
		this.api.call(post("/api/v1/products/" + gtin + "/lots"), this.brand.key(), "{\"lotNumber\":\"L1\"}", 201);
		this.template = this.api
			.call(post("/api/v1/code-jobs"), this.brand.key(),
					"{\"requestId\":\"t\",\"gtin\":\"" + gtin
							+ "\",\"lotNumber\":\"L1\",\"quantity\":1,\"format\":\"DIGITAL_LINK\"}",
					202)
			.get("id")
			.asLong();
		awaitStatus(this.template, "COMPLETED");
	}

	@Test
	void aSilentJobOfAnotherNodeIsFailedAndCleanedAndABusyOneIsLeftRunning() {
		long now = System.currentTimeMillis();
		long silent = job("RUNNING", "node-gone", now - 10 * MINUTE, now - 3 * MINUTE, 5);
		long busy = job("RUNNING", "node-busy", now - 10 * MINUTE, now - 5_000, 5);

		this.runner.recoverStaleJobs();

		assertThat(status(silent)).isEqualTo("FAILED");
		assertThat(codes(silent)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT failure FROM code_job WHERE id = ?", String.class, silent))
			.contains("its node stopped");
		assertThat(status(busy)).isEqualTo("RUNNING");
		assertThat(codes(busy)).isEqualTo(5);
		// the runner of the failed job, were it alive after all, stops at its next batch;
		// the busy one goes on
		assertThat(this.jobs.progress(silent, 6, now)).isFalse();
		assertThat(this.jobs.progress(busy, 6, now)).isTrue();
	}

	@Test
	void aRestartedNodeFailsItsOwnRunningJobsAtOnceAndOnlyThose() {
		long now = System.currentTimeMillis();
		long own = job("RUNNING", this.roles.nodeName(), now - MINUTE, now - 1_000, 3);
		long other = job("RUNNING", "node-busy", now - MINUTE, now - 1_000, 3);

		this.runner.resumeAfterRestart();

		assertThat(status(own)).isEqualTo("FAILED");
		assertThat(codes(own)).isZero();
		assertThat(status(other)).isEqualTo("RUNNING");
		assertThat(codes(other)).isEqualTo(3);
	}

	@Test
	void aJobQueuedOnANodeThatStoppedIsRunHere() throws Exception {
		long now = System.currentTimeMillis();
		long stranded = job("QUEUED", null, now - 3 * MINUTE, null, 0);
		long fresh = job("QUEUED", null, now, null, 0);

		this.runner.recoverStaleJobs();

		// the fresh one belongs to a node that may still get to it: left alone
		assertThat(status(fresh)).isEqualTo("QUEUED");
		awaitStatus(stranded, "COMPLETED");
		assertThat(codes(stranded)).isEqualTo(4);
		assertThat(this.jdbc.queryForObject("SELECT run_by FROM code_job WHERE id = ?", String.class, stranded))
			.isEqualTo(this.roles.nodeName());
	}

	/**
	 * A copy of the template job in {@code status}, run by {@code runBy}, with
	 * {@code codes} codes of its own; quantity 4.
	 */
	private long job(String status, String runBy, long createdMs, Long heartbeatMs, int codes) {
		String requestId = "copy-" + System.nanoTime();
		this.jdbc.update("""
				INSERT INTO code_job (brand_id, request_id, product_id, gtin, lot_id, lot_number, code_format, quantity,
				  produced, resolver, company_prefix_length, rfid_filter, drug_code, first_position, status, created_ms,
				  started_ms, run_by, heartbeat_ms)
				SELECT brand_id, ?, product_id, gtin, lot_id, lot_number, code_format, 4, ?, resolver,
				  company_prefix_length, rfid_filter, drug_code, first_position, ?, ?, ?, ?, ?
				FROM code_job WHERE id = ?""", requestId, codes, status, createdMs, heartbeatMs, runBy, heartbeatMs,
				this.template);
		long id = this.jdbc.queryForObject("SELECT id FROM code_job WHERE request_id = ?", Long.class, requestId);
		for (int i = 1; i <= codes; i++) {
			this.jdbc.update("""
					INSERT INTO issued_code (job_id, seq, gtin, serial, lot_id, status)
					SELECT ?, ?, gtin, ?, lot_id, 'ISSUED' FROM code_job WHERE id = ?""", id, i,
					"R" + Long.toString(System.nanoTime(), 36).toUpperCase() + i, id);
		}
		return id;
	}

	private String status(long id) {
		return this.jdbc.queryForObject("SELECT status FROM code_job WHERE id = ?", String.class, id);
	}

	private long codes(long id) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM issued_code WHERE job_id = ?", Long.class, id);
	}

	private void awaitStatus(long id, String expected) throws Exception {
		long deadline = System.currentTimeMillis() + 30_000;
		while (!status(id).equals(expected)) {
			assertThat(System.currentTimeMillis()).as("job %d %s", id, expected).isLessThan(deadline);
			Thread.sleep(30);
		}
	}

}
