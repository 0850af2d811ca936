package com.veritrace.recall;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.catalog.CatalogService;
import com.veritrace.catalog.Product;
import com.veritrace.events.AffectedEvents;
import com.veritrace.shared.InvalidException;
import com.veritrace.tenancy.AuditLog;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Organisation;
import com.veritrace.tenancy.OrganisationRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A recall's records on demand (issue 14, item 4): the FDA FSMA 204 key data elements of
 * every event of the recalled lots and items, as CSV or XLSX, sortable; and the trace
 * forward and back through transformations. Only for those who run the recall (its brand,
 * its initiator, a regulator); anyone else gets the 404 of an unknown recall.
 * <p>
 * The events are streamed ({@link AffectedEvents}): in event-time order the lines go out
 * as they are read; sorted by lot or type they pass through an external merge sort
 * ({@link RecallRecordsSorter}), so memory stays bounded either way.
 */
@Service
public class RecallRecordsService {

	private static final Logger log = LoggerFactory.getLogger(RecallRecordsService.class);

	/** Deepest trace asked for. */
	public static final int MAX_DEPTH = 10;

	private final RecallService recalls;

	private final AffectedEvents events;

	private final CatalogService catalog;

	private final OrganisationRepository organisations;

	private final AuditLog audit;

	RecallRecordsService(RecallService recalls, AffectedEvents events, CatalogService catalog,
			OrganisationRepository organisations, AuditLog audit) {
		this.recalls = recalls;
		this.events = events;
		this.catalog = catalog;
		this.organisations = organisations;
		this.audit = audit;
	}

	/** The order of the lines. */
	public enum Sort {

		/** Event time, then the event's lots (the default; streamed as read). */
		EVENT_TIME("eventTime", RecallRecordsRow.BY_TIME),
		/** Traceability lot code, then event time. */
		LOT("lot", RecallRecordsRow.BY_LOT),
		/** Critical tracking event in a food's path order, then event time. */
		TYPE("type", RecallRecordsRow.BY_TYPE);

		private final String wire;

		final Comparator<RecallRecordsRow> order;

		Sort(String wire, Comparator<RecallRecordsRow> order) {
			this.wire = wire;
			this.order = order;
		}

		/**
		 * @throws InvalidException for anything but eventTime, lot, type (blank:
		 * eventTime)
		 */
		public static Sort parse(@Nullable String text) {
			if (text == null || text.isBlank()) {
				return EVENT_TIME;
			}
			for (Sort sort : values()) {
				if (sort.wire.equalsIgnoreCase(text.strip())) {
					return sort;
				}
			}
			throw InvalidException.of("sort", "one of eventTime, lot, type");
		}

	}

	/** Which way a traced lot lies from the recalled ones. */
	public enum Direction {

		/** Went into an affected lot (an input of the transformation that made it). */
		BACK,
		/** Came from an affected lot (an output of a transformation it went into). */
		FORWARD

	}

	/** A checked request for a recall's records: who may have them was decided. */
	public record Export(String recallId, String gtin, String productName, Sort sort,
			AffectedEvents.Selection selection) {
	}

	/** A lot found by the trace; {@code lot} null where the event names none. */
	public record TraceLot(String gtin, @Nullable String lot, String productName, Direction direction, String viaEvent,
			int depth) {
	}

	/**
	 * The trace: every lot found up to {@code depth} steps; {@code truncated} when a step
	 * had more transformation events than were read.
	 */
	public record Trace(String recallId, String gtin, List<String> lots, int depth, List<TraceLot> traced,
			boolean truncated) {
	}

	/**
	 * Checks that the caller runs the recall and the sort; nothing is written yet, so a
	 * refusal is still a problem response.
	 * @throws com.veritrace.shared.NotFoundException unknown, or not the caller's to run
	 * @throws InvalidException a sort other than eventTime, lot, type
	 */
	@Transactional
	public Export open(Caller caller, String id, @Nullable String sort) {
		if (!this.recalls.runs(caller, id)) {
			throw RecallService.notFound(id);
		}
		Sort order = Sort.parse(sort);
		RecallView recall = this.recalls.get(caller, id);
		audited(caller, recall, "recall.records", "records sorted by " + order.wire);
		return new Export(id, recall.gtin(), recall.productName(), order, this.recalls.affected(id));
	}

	/**
	 * The records as CSV (UTF-8 with BOM): {@link RecallRecordsRow#HEADER}, then the
	 * lines.
	 */
	public void writeCsv(Export export, OutputStream out) throws IOException {
		RecallRecordsCsv csv = new RecallRecordsCsv(out);
		csv.row(new ArrayList<>(RecallRecordsRow.HEADER));
		long lines = write(export, csv::row);
		csv.flush();
		log.info("Recall {} records: {} lines as CSV, sorted by {}", export.recallId(), lines, export.sort());
	}

	/**
	 * The records as an XLSX workbook: the sheet "Records" (header frozen, auto-filter),
	 * then the sheet "Trace" (depth {@link #DEFAULT_DEPTH}).
	 */
	public void writeXlsx(Export export, OutputStream out) throws IOException {
		RecallRecordsTrace.Result trace = new RecallRecordsTrace(this.events).trace(export.selection(), DEFAULT_DEPTH);
		RecallRecordsXlsx xlsx = new RecallRecordsXlsx(out);
		xlsx.startSheet("Records", RecallRecordsRow.HEADER);
		long lines = write(export, xlsx::row);
		xlsx.startSheet("Trace", List.of("Direction", "Depth", "Traceability lot code", "GTIN", "Lot",
				"Product description", "Via event hash ID"));
		Map<String, String> names = new HashMap<>();
		for (RecallRecordsTrace.Found f : trace.lots()) {
			List<@Nullable Object> cells = new ArrayList<>();
			cells.add(f.direction().name().toLowerCase(Locale.ROOT));
			cells.add(java.math.BigDecimal.valueOf(f.depth()));
			cells.add("(01)" + f.gtin() + (f.lot() == null ? "" : "(10)" + f.lot()));
			cells.add(f.gtin());
			cells.add(f.lot());
			cells.add(productName(f.gtin(), names));
			cells.add(f.viaEvent());
			xlsx.row(cells);
		}
		xlsx.finish();
		log.info("Recall {} records: {} lines and {} traced lots as XLSX, sorted by {}", export.recallId(), lines,
				trace.lots().size(), export.sort());
	}

	/** Depth of the trace in the XLSX, and of the trace API by default. */
	public static final int DEFAULT_DEPTH = 5;

	/**
	 * The trace back and forward, {@code depth} steps (1 to {@link #MAX_DEPTH}), read in
	 * one transaction with its audit line.
	 */
	@Transactional
	public Trace trace(Caller caller, String id, int depth) {
		if (!this.recalls.runs(caller, id)) {
			throw RecallService.notFound(id);
		}
		if (depth < 1 || depth > MAX_DEPTH) {
			throw InvalidException.of("depth", "from 1 to " + MAX_DEPTH);
		}
		RecallView recall = this.recalls.get(caller, id);
		audited(caller, recall, "recall.trace", "trace to depth " + depth);
		AffectedEvents.Selection selection = this.recalls.affected(id);
		RecallRecordsTrace.Result result = new RecallRecordsTrace(this.events).trace(selection, depth);
		Map<String, String> names = new HashMap<>();
		List<TraceLot> traced = result.lots()
			.stream()
			.map(f -> new TraceLot(f.gtin(), f.lot(), productName(f.gtin(), names), f.direction(), f.viaEvent(),
					f.depth()))
			.toList();
		return new Trace(id, recall.gtin(), selection.lots().stream().sorted().toList(), depth, traced,
				result.truncated());
	}

	/**
	 * Who read a recall's records goes to the caller's audit log and, for a regulator or
	 * another initiator, to the brand's too.
	 */
	private void audited(Caller caller, RecallView recall, String action, String detail) {
		this.audit.record(caller, action, recall.id(), detail);
		if (recall.brandId() != caller.organisationId()) {
			this.audit.record(recall.brandId(), caller, action, recall.id(),
					detail + ", read by " + caller.organisationName());
		}
	}

	/** A sink of lines. */
	private interface Lines {

		void accept(List<@Nullable Object> cells) throws IOException;

	}

	private long write(Export export, Lines lines) throws IOException {
		Map<Long, String> reporters = new HashMap<>();
		RecallRecordsReader reader = new RecallRecordsReader(export.selection(), export.productName(), this.events,
				id -> reporters.computeIfAbsent(id,
						r -> this.organisations.findById(r).map(Organisation::getName).orElse("#" + r)));
		long[] count = { 0 };
		try (RecallRecordsSorter sorter = new RecallRecordsSorter(export.sort().order, RecallRecordsSorter.RUN)) {
			this.events.forEach(export.selection(), batch -> {
				try {
					for (RecallRecordsRow row : reader.rows(batch)) {
						count[0]++;
						if (export.sort() == Sort.EVENT_TIME) {
							lines.accept(row.cells());
						}
						else {
							sorter.add(row);
						}
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			if (export.sort() != Sort.EVENT_TIME) {
				sorter.drain(row -> lines.accept(row.cells()));
			}
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		return count[0];
	}

	/** What the recall covers: its lots, and its serial ranges of the GTIN. */
	private String productName(String gtin, Map<String, String> names) {
		return names.computeIfAbsent(gtin, g -> this.catalog.findByGtin(g).map(Product::getName).orElse(""));
	}

}
