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
import com.veritrace.analytics.RedisScanCounters;
import org.springframework.beans.factory.ObjectProvider;
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

	private final RegionLookup regions;

	private final List<ScanWatch> watches;

	private final Counter watchFailures;

	private final List<VerdictWatch> verdictWatches;

	ScanLogWriter(JdbcTemplate jdbc, ScanProperties properties, ScanConfiguration.ScanStores stores,
			MeterRegistry meters, TaskConfiguration.LoopThreads threads, ObjectProvider<RegionLookup> regions,
			ObjectProvider<ScanWatch> watches, ObjectProvider<VerdictWatch> verdictWatches) {
		this.verdictWatches = verdictWatches.orderedStream().toList();
		this.jdbc = jdbc;
		this.regions = regions.getIfAvailable(() -> RegionLookup.EDGE_ONLY);
		this.watches = watches.orderedStream().toList();
		this.watchFailures = meters.counter("veritrace.scan.watch.failures");
		this.queue = new ArrayBlockingQueue<>(properties.scanLogQueue());
		this.written = meters.counter("veritrace.scan.log.written");
		this.dropped = meters.counter("veritrace.scan.log.dropped");
		if (stores.counters() instanceof RedisScanCounters redis) {
			redis.onUncounted(u -> {
				int slash = u.code().indexOf('/');
				enqueue(new Uncounted(u.code().substring(0, slash), u.code().substring(slash + 1), u.atMs(),
						u.place()));
			});
		}
		this.thread = threads.newThread("scan-log-writer", this::run);
		this.thread.start();
	}

	sealed interface Entry permits Row, Place, Flag, Uncounted {

		String gtin();

	}

	/**
	 * A scan to log. {@code client}: the opaque key of the client
	 * ({@link ScanWatch.LoggedScan}), or null; {@code address}: the client's network
	 * address, for the region lookup only (never stored); {@code uncounted}: the scan
	 * should have been counted but the counters were down, so it is noted in
	 * {@code scan_uncounted} too, for {@link ScanRecount}.
	 */
	record Row(String gtin, @Nullable String serial, @Nullable String lot, @Nullable Long brandId, long scannedMs,
			String verdict, @Nullable String place, String agentFamily, @Nullable String client,
			@Nullable String address, boolean uncounted) implements Entry {

		@Override
		public String toString() {
			return "Row[" + this.gtin + "/" + this.serial + " at " + this.scannedMs + ": " + this.verdict + "]";
		}

	}

	/**
	 * A scan of a hot code answered at once whose counting in Redis then failed: its row
	 * is (or will be) logged as counted, so only the note for {@link ScanRecount} is
	 * written.
	 */
	record Uncounted(String gtin, String serial, long scannedMs, @Nullable String place) implements Entry {
	}

	/**
	 * A place for the row of the scan of this code at {@code scannedMs}, when that row
	 * has none.
	 */
	record Place(String gtin, String serial, long scannedMs, String place) implements Entry {
	}

	/**
	 * A code the evidence turned SUSPICIOUS, for the {@link VerdictWatch}es: after the
	 * batch's rows; its region from the confirmation's edge place or cell.
	 */
	record Flag(VerdictWatch.Flagged code, @Nullable String edgePlace, @Nullable String cell) implements Entry {

		@Override
		public String gtin() {
			return this.code.gtin();
		}

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
		List<VerdictWatch.Flagged> flagged = new ArrayList<>();
		List<Object[]> uncounted = new ArrayList<>();
		for (Entry entry : batch) {
			if (entry instanceof Row row) {
				rows.add(row);
				if (row.uncounted() && row.serial() != null) {
					uncounted.add(new Object[] { row.gtin(), row.serial(), row.scannedMs(), row.place() });
				}
			}
			else if (entry instanceof Uncounted u) {
				uncounted.add(new Object[] { u.gtin(), u.serial(), u.scannedMs(), u.place() });
			}
			else if (entry instanceof Place place) {
				places.add(place);
			}
			else if (entry instanceof Flag flag) {
				VerdictWatch.Flagged f = flag.code();
				flagged.add(new VerdictWatch.Flagged(f.gtin(), f.serial(), f.lot(), f.brandId(), f.flaggedMs(),
						f.reason(), f.history(), region(flag.edgePlace(), flag.cell(), null)));
			}
		}
		List<ScanWatch.LoggedScan> logged = new ArrayList<>(batch.size());
		if (!rows.isEmpty()) {
			insert(rows, logged);
		}
		if (!places.isEmpty()) {
			// after the inserts: a place is always enqueued after its scan's row
			place(places, logged);
		}
		if (!uncounted.isEmpty()) {
			this.jdbc.batchUpdate("INSERT INTO scan_uncounted (gtin, serial, scanned_ms, place) VALUES (?,?,?,?)",
					uncounted, new int[] { java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.BIGINT,
							java.sql.Types.VARCHAR });
		}
		tell(logged);
		if (!flagged.isEmpty()) {
			tellFlagged(List.copyOf(flagged));
		}
	}

	private void tellFlagged(List<VerdictWatch.Flagged> flagged) {
		each(this.verdictWatches, watch -> watch.flagged(flagged), flagged.size() + " flagged codes");
	}

	private void insert(List<Row> batch, List<ScanWatch.LoggedScan> logged) {
		List<Object[]> values = new ArrayList<>(batch.size());
		for (Row r : batch) {
			String region = region(r.place(), null, r.address());
			values.add(new Object[] { r.gtin(), r.serial(), r.lot(), r.brandId(), r.scannedMs(), r.verdict(), r.place(),
					r.agentFamily(), region, r.client() });
			logged.add(new ScanWatch.LoggedScan(ScanWatch.Kind.SCAN, r.gtin(), r.serial(), r.lot(), r.brandId(),
					r.scannedMs(), r.verdict(), region, r.client()));
		}
		this.jdbc.batchUpdate(
				"INSERT INTO scan_log (gtin, serial, lot_number, brand_id, scanned_ms, verdict, place, "
						+ "agent_family, region, client) VALUES (?,?,?,?,?,?,?,?,?,?)",
				values,
				new int[] { java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
						java.sql.Types.BIGINT, java.sql.Types.BIGINT, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
						java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR });
		this.written.increment(batch.size());
	}

	/**
	 * Adds each place to its scan's row when that has none, and the region it tells when
	 * the row has none; a scan that gets a region here goes to the watches as a
	 * {@link ScanWatch.Kind#PLACE}.
	 */
	private void place(List<Place> places, List<ScanWatch.LoggedScan> logged) {
		for (Place p : places) {
			String region = region(null, p.place(), null);
			int changed = this.jdbc.update(
					"UPDATE scan_log SET place = ?, region = COALESCE(region, ?) WHERE gtin = ? AND serial = ? "
							+ "AND scanned_ms = ? AND place IS NULL",
					p.place(), region, p.gtin(), p.serial(), p.scannedMs());
			if (changed > 0 && region != null && !this.watches.isEmpty()) {
				this.jdbc.query("SELECT lot_number, brand_id, verdict, region, client FROM scan_log WHERE gtin = ? "
						+ "AND serial = ? AND scanned_ms = ? AND region = ?", rs -> {
							long brand = rs.getLong(2);
							logged.add(new ScanWatch.LoggedScan(ScanWatch.Kind.PLACE, p.gtin(), p.serial(),
									rs.getString(1), rs.wasNull() ? null : brand, p.scannedMs(), rs.getString(3),
									rs.getString(4), rs.getString(5)));
						}, p.gtin(), p.serial(), p.scannedMs(), region);
			}
		}
	}

	private @Nullable String region(@Nullable String place, @Nullable String cell, @Nullable String address) {
		try {
			return this.regions.region(place, cell, address);
		}
		catch (RuntimeException ex) {
			log.warn("Region lookup failed ({}); the scan is logged without a region", ex.toString());
			return null;
		}
	}

	/** Hands the written scans to every watch; one that fails is logged and counted. */
	private void tell(List<ScanWatch.LoggedScan> logged) {
		if (!logged.isEmpty()) {
			List<ScanWatch.LoggedScan> scans = List.copyOf(logged);
			each(this.watches, watch -> watch.logged(scans), scans.size() + " scans");
		}
	}

	private <W> void each(List<W> watches, java.util.function.Consumer<W> call, String what) {
		for (W watch : watches) {
			try {
				call.accept(watch);
			}
			catch (RuntimeException ex) {
				this.watchFailures.increment();
				log.warn("Watch {} failed on {}: {}", watch.getClass().getSimpleName(), what, ex.toString());
			}
		}
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
