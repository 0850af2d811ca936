package com.veritrace.recall;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One line of a recall's records: one event and one affected lot it names (as an input or
 * output of a transformation, or through a container), with the FDA FSMA 204 key data
 * elements. {@code timeMs} and {@code rowId} order the lines; they are not shown.
 *
 * @param cte the critical tracking event (see {@link RecallRecordsReader#cte})
 * @param role {@code input} or {@code output} for a transformation, else empty
 * @param viaSscc the case or pallet through which the event touched the lot's items
 */
record RecallRecordsRow(String gtin, @Nullable String lot, String product, @Nullable BigDecimal quantity,
		@Nullable String uom, @Nullable String viaSscc, String cte, String role, @Nullable String bizStep,
		@Nullable String disposition, String eventTime, String eventTimeUtc, @Nullable String location,
		String shippedFrom, String shippedTo, String documentTypes, String documentNumbers, String reporter,
		String epcisType, String eventHash, long timeMs, long rowId) {

	static final List<String> HEADER = List.of("Traceability lot code", "GTIN", "Lot", "Product description",
			"Quantity", "Unit of measure", "Via container (SSCC)", "Critical tracking event", "Role in event",
			"Business step", "Disposition", "Event time", "Event time (UTC)", "Location", "Shipped from", "Shipped to",
			"Reference document type", "Reference document number", "Reporter", "EPCIS event type", "Event hash ID");

	/**
	 * Critical tracking events in the order of a food's path, for sorting by type; any
	 * other event comes last.
	 */
	static final List<String> CTE_ORDER = List.of("harvesting", "cooling", "initial packing", "shipping", "receiving",
			"transformation", "other");

	/** GS1 element string of GTIN and lot: {@code (01)06901234567892(10)LJ2026A}. */
	String traceabilityLotCode() {
		return "(01)" + this.gtin + (this.lot == null ? "" : "(10)" + this.lot);
	}

	/** The cells in {@link #HEADER}'s order: strings, the quantity a number. */
	List<@Nullable Object> cells() {
		List<@Nullable Object> cells = new ArrayList<>(HEADER.size());
		cells.add(traceabilityLotCode());
		cells.add(this.gtin);
		cells.add(this.lot);
		cells.add(this.product);
		cells.add(this.quantity);
		cells.add(this.uom);
		cells.add(this.viaSscc);
		cells.add(this.cte);
		cells.add(this.role);
		cells.add(this.bizStep);
		cells.add(this.disposition);
		cells.add(this.eventTime);
		cells.add(this.eventTimeUtc);
		cells.add(this.location);
		cells.add(this.shippedFrom);
		cells.add(this.shippedTo);
		cells.add(this.documentTypes);
		cells.add(this.documentNumbers);
		cells.add(this.reporter);
		cells.add(this.epcisType);
		cells.add(this.eventHash);
		return cells;
	}

	private static final Comparator<@Nullable String> TEXT = Comparator.nullsLast(Comparator.naturalOrder());

	/** Within one event: by lot, role, container. */
	static final Comparator<RecallRecordsRow> IN_EVENT = Comparator.comparing(RecallRecordsRow::lot, TEXT)
		.thenComparing(RecallRecordsRow::role)
		.thenComparing(RecallRecordsRow::viaSscc, TEXT)
		.thenComparing(RecallRecordsRow::uom, TEXT);

	static final Comparator<RecallRecordsRow> BY_TIME = Comparator.comparingLong(RecallRecordsRow::timeMs)
		.thenComparingLong(RecallRecordsRow::rowId)
		.thenComparing(IN_EVENT);

	static final Comparator<RecallRecordsRow> BY_LOT = Comparator.comparing(RecallRecordsRow::gtin)
		.thenComparing(RecallRecordsRow::lot, TEXT)
		.thenComparing(BY_TIME);

	static final Comparator<RecallRecordsRow> BY_TYPE = Comparator
		.comparingInt((RecallRecordsRow r) -> CTE_ORDER.indexOf(r.cte()))
		.thenComparing(BY_TIME);

	// --- a compact binary form, for sorting runs spilled to a file

	void write(DataOutputStream out) throws IOException {
		out.writeLong(this.timeMs);
		out.writeLong(this.rowId);
		for (@Nullable
		String text : new @Nullable String[] { this.gtin, this.lot, this.product,
				this.quantity == null ? null : this.quantity.toPlainString(), this.uom, this.viaSscc, this.cte,
				this.role, this.bizStep, this.disposition, this.eventTime, this.eventTimeUtc, this.location,
				this.shippedFrom, this.shippedTo, this.documentTypes, this.documentNumbers, this.reporter,
				this.epcisType, this.eventHash }) {
			if (text == null) {
				out.writeInt(-1);
			}
			else {
				byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
				out.writeInt(bytes.length);
				out.write(bytes);
			}
		}
	}

	static RecallRecordsRow read(DataInputStream in) throws IOException {
		long timeMs = in.readLong();
		long rowId = in.readLong();
		@Nullable String[] t = new String[20];
		for (int i = 0; i < t.length; i++) {
			int length = in.readInt();
			if (length >= 0) {
				byte[] bytes = new byte[length];
				in.readFully(bytes);
				t[i] = new String(bytes, StandardCharsets.UTF_8);
			}
		}
		return new RecallRecordsRow(t[0], t[1], t[2], t[3] == null ? null : new BigDecimal(t[3]), t[4], t[5], t[6],
				t[7], t[8], t[9], t[10], t[11], t[12], t[13], t[14], t[15], t[16], t[17], t[18], t[19], timeMs, rowId);
	}

}
