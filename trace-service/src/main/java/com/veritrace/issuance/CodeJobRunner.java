package com.veritrace.issuance;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.TaskConfiguration;
import com.veritrace.shared.NodeRoles;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs issuance jobs in the background ({@code veritrace.codes.job-threads} at a time):
 * generates the serials and inserts them in batches, each batch one transaction with the
 * job's progress (its heartbeat). A job that fails deletes every code it inserted and
 * ends FAILED. The jobs a node was running when it stopped are failed and cleaned up when
 * it starts again (by its {@code veritrace.node-name}); the nodes with the jobs role also
 * look every minute for the jobs of a node that does not come back: a RUNNING job silent
 * for {@code veritrace.codes.job-stale-after} is failed and its codes deleted; a QUEUED
 * job that old is started here (the claim is one conditional update, so it runs once).
 */
@Component
class CodeJobRunner {

	private static final Logger log = LoggerFactory.getLogger(CodeJobRunner.class);

	private final CodeJobRepository jobs;

	private final SerialKeys keys;

	private final CodesProperties properties;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final TaskExecutor executor;

	private final Clock clock;

	private final NodeRoles roles;

	CodeJobRunner(CodeJobRepository jobs, SerialKeys keys, CodesProperties properties, JdbcTemplate jdbc,
			PlatformTransactionManager transactionManager,
			@Qualifier(TaskConfiguration.CODE_JOB_EXECUTOR) TaskExecutor executor, Clock clock, NodeRoles roles) {
		this.roles = roles;
		this.jobs = jobs;
		this.keys = keys;
		this.properties = properties;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.executor = executor;
		this.clock = clock;
	}

	/** Runs the queued job on the job executor. */
	void start(long id) {
		this.executor.execute(() -> run(id));
	}

	/**
	 * Runs a queued job: batches of generated codes, each inserted in one transaction.
	 */
	void run(long id) {
		if (!this.jobs.start(id, this.roles.nodeName(), this.clock.millis())) {
			return;
		}
		CodeJob job = this.jobs.find(id).orElseThrow();
		long started = System.nanoTime();
		try {
			SerialKeys.PerGtin perGtin = this.keys.forGtin(job.gtin());
			int batch = this.properties.batchSize();
			List<String> serials = new ArrayList<>(batch);
			long produced = 0;
			while (produced < job.quantity()) {
				serials.clear();
				int n = (int) Math.min(batch, job.quantity() - produced);
				for (int i = 0; i < n; i++) {
					serials.add(serial(job, perGtin, produced + i));
				}
				long base = produced;
				long done = produced + n;
				this.transactions.executeWithoutResult(status -> {
					insert(job, base, serials);
					if (!this.jobs.progress(id, done, this.clock.millis())) {
						throw new TakenAway(id);
					}
				});
				produced = done;
			}
			if (!this.jobs.finish(id, CodeJob.Status.COMPLETED, null, this.clock.millis())) {
				throw new TakenAway(id);
			}
			log.info("Code job {} completed: {} codes in {} ms", id, produced,
					(System.nanoTime() - started) / 1_000_000);
		}
		catch (TakenAway ex) {
			// this batch rolled back; the node that failed the job deletes its codes
			log.warn("Code job {} was taken for dead by another node (no progress for {}) and failed there; stopped",
					id, this.properties.jobStaleAfter());
		}
		catch (RuntimeException ex) {
			String reason = ex instanceof DuplicateKeyException ? "a generated serial is already issued; nothing kept"
					: "issuing failed (" + ex.getClass().getSimpleName() + "); nothing kept";
			log.warn("Code job {} failed; deleting its codes", id, ex);
			try {
				long deleted = this.jobs.deleteCodes(id);
				this.jobs.finish(id, CodeJob.Status.FAILED, reason, this.clock.millis());
				log.info("Code job {} failed: {} codes deleted", id, deleted);
			}
			catch (RuntimeException cleanup) {
				log.error("Code job {} failed and its codes could not be deleted; they stay unknown to the registry",
						id, cleanup);
			}
		}
	}

	private void insert(CodeJob job, long base, List<String> serials) {
		this.jdbc.batchUpdate(CodeJobRepository.INSERT_CODE, new BatchPreparedStatementSetter() {

			@Override
			public void setValues(PreparedStatement ps, int i) throws SQLException {
				ps.setLong(1, job.id());
				ps.setInt(2, (int) (base + i + 1));
				ps.setString(3, job.gtin());
				ps.setString(4, serials.get(i));
				ps.setLong(5, job.lotId());
			}

			@Override
			public int getBatchSize() {
				return serials.size();
			}

		});
	}

	static String serial(CodeJob job, SerialKeys.PerGtin perGtin, long index) {
		return switch (job.format()) {
			case DIGITAL_LINK -> perGtin.generator().next();
			case SGTIN_96 ->
				Long.toString(perGtin.numeric().sgtin96Serial(Objects.requireNonNull(job.firstPosition()) + index));
			case NMPA -> perGtin.numeric()
				.nmpaCode(Objects.requireNonNull(job.drugCode()), Objects.requireNonNull(job.firstPosition()) + index)
				.value();
		};
	}

	/**
	 * At start: the jobs this node (by its name) was running when it stopped are failed
	 * and cleaned up, on every node, since only this one can have run them. On a node
	 * with the jobs role, also: jobs of other stopped nodes are recovered, and queued
	 * jobs run (each claimed once, here or by the node that accepted it).
	 */
	@EventListener(ApplicationReadyEvent.class)
	void resumeAfterRestart() {
		for (long id : this.jobs.runningOn(this.roles.nodeName())) {
			fail(id, Long.MAX_VALUE, "interrupted by a restart; nothing kept");
		}
		if (!this.roles.has(NodeRoles.Role.JOBS)) {
			return;
		}
		failSilentJobs();
		for (long id : this.jobs.idsWithStatus(CodeJob.Status.QUEUED)) {
			start(id);
		}
	}

	/**
	 * Every minute, a cluster job: jobs RUNNING without progress for
	 * {@code job-stale-after} are failed and cleaned up; jobs QUEUED that long (the node
	 * that accepted them stopped) are started here.
	 */
	@Scheduled(fixedDelayString = "${veritrace.codes.job-check-interval:PT1M}", initialDelay = 60_000)
	void recoverStaleJobs() {
		failSilentJobs();
		for (long id : this.jobs.queuedBefore(this.clock.millis() - this.properties.jobStaleAfter().toMillis())) {
			start(id);
		}
	}

	private void failSilentJobs() {
		long cutoff = this.clock.millis() - this.properties.jobStaleAfter().toMillis();
		for (long id : this.jobs.runningSilentSince(cutoff)) {
			fail(id, cutoff, "interrupted (its node stopped); nothing kept");
		}
	}

	private void fail(long id, long silentBeforeMs, String reason) {
		if (this.jobs.failSilent(id, silentBeforeMs, reason, this.clock.millis())) {
			long deleted = this.jobs.deleteCodes(id);
			log.warn("Code job {} {}: {} codes deleted, job FAILED", id, reason, deleted);
		}
	}

	/** The job is no longer RUNNING: another node failed it as stale. */
	private static final class TakenAway extends RuntimeException {

		TakenAway(long id) {
			super("code job " + id + " is no longer running", null, false, false);
		}

	}

}
