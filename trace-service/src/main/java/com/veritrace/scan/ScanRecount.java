package com.veritrace.scan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.analytics.ScanCounters;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Counts the scans that the counters (Redis) could not count when they were made: the
 * scan page answered them with a verdict from the code's state alone and noted them in
 * {@code scan_uncounted} (issue 18, fault injection). When Redis answers again, each is
 * counted at its own time and place and its note deleted. Each late count is made once
 * ({@link ScanCounters#recordLate}, keyed by the note's id): a run that dies between
 * counting and deleting, a second run, or the job on two nodes at once count nothing
 * twice. A cluster-wide job (nodes with the {@code jobs} role).
 */
@Component
class ScanRecount {

	private static final Logger log = LoggerFactory.getLogger(ScanRecount.class);

	static final int BATCH = 500;

	private final JdbcTemplate jdbc;

	private final ScanCounters counters;

	private final boolean redis;

	private final Duration window;

	private final Counter recounted;

	ScanRecount(JdbcTemplate jdbc, ScanConfiguration.ScanStores stores, ScanProperties properties,
			MeterRegistry meters) {
		this.jdbc = jdbc;
		this.counters = stores.counters();
		this.redis = properties.counters() == ScanProperties.Store.REDIS;
		// the widest burst window any product has: a late scan trims no recent scan a
		// verdict still needs
		ScanProperties.Thresholds thresholds = properties.thresholds();
		this.window = Stream.concat(Stream.of(thresholds.burstWindow()),
				Stream.concat(thresholds.categories().values().stream(), thresholds.brands().values().stream())
					.map(t -> t.burstWindow()))
			.max(Duration::compareTo)
			.orElseThrow();
		this.recounted = Counter.builder("veritrace.scan.counters.recounted")
			.description("Scans counted late, after the counters were down when they were made")
			.register(meters);
	}

	private record Note(long id, String gtin, String serial, long scannedMs, @Nullable String place) {
	}

	/**
	 * Counts the noted scans, oldest first, until none is left or the counters fail (then
	 * the rest waits for the next run).
	 * @return how many notes were settled (counted now, or found counted already)
	 */
	@Scheduled(fixedDelayString = "${veritrace.scan.recount-interval:PT30S}",
			initialDelayString = "${veritrace.scan.recount-interval:PT30S}")
	public int recount() {
		if (!this.redis) {
			return 0; // the in-memory counters never fail: nothing is ever noted
		}
		int settled = 0;
		while (true) {
			List<Note> notes = this.jdbc.query(
					"SELECT id, gtin, serial, scanned_ms, place FROM scan_uncounted ORDER BY id LIMIT " + BATCH,
					(rs, i) -> new Note(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
							rs.getString(5)));
			if (notes.isEmpty()) {
				return settled;
			}
			List<Object[]> done = new ArrayList<>(notes.size());
			try {
				for (Note note : notes) {
					if (this.counters.recordLate(note.gtin() + "/" + note.serial(), note.place(),
							Instant.ofEpochMilli(note.scannedMs()), this.window, Long.toString(note.id()))) {
						this.recounted.increment();
					}
					done.add(new Object[] { note.id() });
				}
			}
			catch (RuntimeException ex) {
				log.info("Scan counters still unavailable ({}); uncounted scans wait for the next run", ex.toString());
				return settled + delete(done);
			}
			settled += delete(done);
			if (notes.size() < BATCH) {
				log.info("Counted {} scans made while the scan counters were down", settled);
				return settled;
			}
		}
	}

	private int delete(List<Object[]> ids) {
		if (!ids.isEmpty()) {
			this.jdbc.batchUpdate("DELETE FROM scan_uncounted WHERE id = ?", ids);
		}
		return ids.size();
	}

}
