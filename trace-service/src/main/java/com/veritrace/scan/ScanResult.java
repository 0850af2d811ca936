package com.veritrace.scan;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.jspecify.annotations.Nullable;

import com.veritrace.analytics.Verdict;

/**
 * What a scan shows, as HTML or JSON: the same content either way. {@code pageId} names
 * the cached page the non-verdict part came from (null for unknown codes): the same id,
 * the same content. {@code placeToken} lets the page's script confirm this scan
 * ({@code POST /h5/scans/seen}) and add the phone's approximate area to it
 * ({@code POST /h5/scans/place}); null when the scan was not counted, or is of an unknown
 * code or a lot. {@code askPlace}: whether the page offers to add the area (the scan has
 * no place from the edge).
 */
public record ScanResult(Verdict verdict, String reason, String reasonKey, Code code, @Nullable Product product,
		@Nullable LotInfo lot, @Nullable Recall recall, List<Step> journey, List<Report> reports,
		List<ProofLink> proofs, @Nullable Scans scans, @Nullable String placeToken, @JsonIgnore @Nullable String pageId,
		List<ColdChain> coldChain, @JsonIgnore boolean askPlace, @Nullable Chip chip) {

	/** Without a chip: a QR scan. */
	public ScanResult(Verdict verdict, String reason, String reasonKey, Code code, @Nullable Product product,
			@Nullable LotInfo lot, @Nullable Recall recall, List<Step> journey, List<Report> reports,
			List<ProofLink> proofs, @Nullable Scans scans, @Nullable String placeToken, @Nullable String pageId,
			List<ColdChain> coldChain, boolean askPlace) {
		this(verdict, reason, reasonKey, code, product, lot, recall, journey, reports, proofs, scans, placeToken,
				pageId, coldChain, askPlace, null);
	}

	/**
	 * The NFC chip's tap that opened the page ({@code /nfc/{profile}}): {@code status}
	 * VERIFIED or REPLAYED ({@code ChipTaps.Status}), {@code tap} the chip's read counter
	 * of this tap.
	 */
	public record Chip(String status, int tap) {
	}

	public record Code(String gtin, @Nullable String serial, @Nullable String lotNumber, String status, String uri) {
	}

	/** {@code imageUrl}: the product's picture (a thumbnail on this site), or null. */
	public record Product(String name, @Nullable String category, String brand, @Nullable String imageUrl) {
	}

	public record LotInfo(String lotNumber, @Nullable LocalDate productionDate, @Nullable LocalDate expiryDate,
			String status) {
	}

	/**
	 * The recall covering the item (or lot): what it is, and what the consumer should do
	 * (in the page's language).
	 *
	 * @param lotNumber the recalled lot, or null when the item is recalled by serial
	 * @param mandatory ordered by a regulator
	 */
	public record Recall(String recallId, @Nullable String lotNumber, String status, String recallClass,
			String reasonCode, boolean mandatory, Instant issuedAt, String issuedOn, String instructions) {
	}

	/**
	 * One event in the consumer's words; {@code outsideStorage}: its temperature readings
	 * include a cold-chain excursion.
	 */
	public record Step(String step, String label, Instant eventTime, String localTime, @Nullable String reporter,
			@Nullable String place, @Nullable Double minTemperature, @Nullable Double maxTemperature, String eventHash,
			boolean outsideStorage) {

		/**
		 * The day of the step where it happened ({@code localTime} begins with it), for
		 * the page's story.
		 */
		@JsonIgnore
		public LocalDate localDate() {
			return LocalDate.parse(this.localTime.substring(0, 10));
		}

		/** Where, as people can look it up ({@code GLN 6901234000016}), or null. */
		@JsonIgnore
		public @Nullable String placeLabel() {
			return com.veritrace.coldchain.Places.label(this.place);
		}

	}

	/**
	 * A cold-chain excursion of the item or lot: a temperature reading outside the
	 * product's storage condition ({@code reason} RANGE), or a sensor's alarm (ALARM),
	 * newest first.
	 *
	 * @param reading the reading as written ({@code 12.4 °C}), or null (an alarm without
	 * a value)
	 * @param range the storage condition ({@code 2–8 °C}), or null
	 * @param localDate the date of the reading at the event's offset
	 * @param place where (a GLN, or the event's location as recorded), or null
	 */
	public record ColdChain(String reason, @Nullable Double celsius, @Nullable String reading, @Nullable String range,
			Instant time, String localDate, String localTime, @Nullable String place, @Nullable String lotNumber,
			String eventHash) {
	}

	/**
	 * An inspection report of the lot, with the result of checking its document against
	 * its hash just now.
	 */
	public record Report(String reportNumber, String lab, String verdict, String issued, @Nullable String validUntil,
			List<String> keyTests, @Nullable String documentUrl, String documentHash, String documentCheck,
			String status) {
	}

	public record ProofLink(String eventHash, String label, String proofUrl) {
	}

	public record Scans(long count, Instant firstScanAt) {
	}

	/**
	 * The verdict after a place was added to a scan: what the page's verdict box shows.
	 */
	public record Placed(Verdict verdict, String label, String reason, String reasonKey, String cell) {
	}

}
