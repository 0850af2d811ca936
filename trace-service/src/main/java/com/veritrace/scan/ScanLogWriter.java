package com.veritrace.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.TaskConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes scan rows off the request path: the page enqueues, one thread inserts in
 * batches. A place the phone adds after the page was shown goes through the same queue,
 * so it follows its scan's row. A slow database slows nothing the consumer waits for;
 * when the queue is full a row is dropped and counted
 * ({@code veritrace.scan.log.dropped}) and logged, never silently.
 */
@Component
class ScanLogWriter {

	private static final Logger log = LoggerFactory.getLogger(ScanLogWriter.class);

	static final int BATCH = 500;

	static final long GATHER_MILLIS = 50;

	private final JdbcTemplate jdbc;

	private final BlockingQueue<Entry> queue;

	private final Counter written;

	private final Counter dropped;

	private final Thread thread;

	private volatile boolean running = true;

	ScanLogWriter(JdbcTemplate jdbc, ScanProperties properties, MeterRegistry meters,
			TaskConfiguration.LoopThreads threads) {
		this.jdbc = jdbc;
		this.queue = new ArrayBlockingQueue<>(properties.scanLogQueue());
		this.written = meters.counter("veritrace.scan.log.written");
		this.dropped = meters.counter("veritrace.scan.log.dropped");
		this.thread = threads.newThread("scan-log-writer", this::run);
		this.thread.start();
	}

	sealed interface Entry permits Row, Place {

		String gtin();

	}

	record Row(String gtin, @Nullable String serial, @Nullable String lot, @Nullable Long brandId, long scannedMs,
			String verdict, @Nullable String place, String agentFamily) implements Entry {
	}

	/**
	 * A place for the row of the scan of this code at {@code scannedMs}, when that row
	 * has none.
	 */
	record Place(String gtin, String serial, long scannedMs, String place) implements Entry {
	}

	void enqueue(Entry entry) {
		if (!this.queue.offer(entry)) {
			this.dropped.increment();
			log.warn("Scan log queue full: a scan of GTIN {} was not logged (counted in veritrace.scan.log.dropped)",
					entry.gtin());
		}
	}

	private void run() {
		List<Entry> batch = new ArrayList<>(BATCH);
		while (this.running || !this.queue.isEmpty()) {
			try {
				Entry first = this.queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				if (this.queue.size() < BATCH - 1) {
					// let a batch fill for a moment: under a flood of scans one statement
					// carries
					// hundreds of rows instead of a few (nobody waits for the log)
					Thread.sleep(GATHER_MILLIS);
				}
				this.queue.drainTo(batch, BATCH - 1);
				write(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Scan log batch of {} rows could not be written: {}", batch.size(), ex.toString());
				this.dropped.increment(batch.size());
			}
			finally {
				batch.clear();
			}
		}
	}

	private void write(List<Entry> batch) {
		List<Row> rows = new ArrayList<>(batch.size());
		List<Place> places = new ArrayList<>();
		for (Entry entry : batch) {
			if (entry instanceof Row row) {
				rows.add(row);
			}
			else {
				places.add((Place) entry);
			}
		}
		if (!rows.isEmpty()) {
			insert(rows);
		}
		if (!places.isEmpty()) {
			// after the inserts: a place is always enqueued after its scan's row
			this.jdbc.batchUpdate("UPDATE scan_log SET place = ? WHERE gtin = ? AND serial = ? AND scanned_ms = ? "
					+ "AND place IS NULL", places, places.size(), (ps, p) -> {
						ps.setString(1, p.place());
						ps.setString(2, p.gtin());
						ps.setString(3, p.serial());
						ps.setLong(4, p.scannedMs());
					});
		}
	}

	private void insert(List<Row> batch) {
		this.jdbc.batchUpdate("INSERT INTO scan_log (gtin, serial, lot_number, brand_id, scanned_ms, verdict, place, "
				+ "agent_family) VALUES (?,?,?,?,?,?,?,?)", batch, batch.size(), (ps, r) -> {
					ps.setString(1, r.gtin());
					ps.setString(2, r.serial());
					ps.setString(3, r.lot());
					ps.setObject(4, r.brandId());
					ps.setLong(5, r.scannedMs());
					ps.setString(6, r.verdict());
					ps.setString(7, r.place());
					ps.setString(8, r.agentFamily());
				});
		this.written.increment(batch.size());
	}

	/** Waits until everything enqueued so far is written (tests, shutdown). */
	void flush() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!this.queue.isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		Thread.sleep(300);
	}

	@PreDestroy
	void stop() throws InterruptedException {
		this.running = false;
		this.thread.join(5000);
	}

}
