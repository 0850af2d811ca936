package com.veritrace.coldchain;

import java.time.Instant;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

import com.veritrace.catalog.StorageCondition;

/**
 * A recorded cold-chain excursion: a stored event's worst temperature reading of a
 * product's lot (or of items of no known lot) outside its storage condition, or a sensor
 * alarm.
 *
 * @param reason {@code RANGE} or {@code ALARM}
 * @param celsius the reading (°C), or null for an alarm without a value
 * @param range the storage condition it was judged against
 * @param time when it was read; {@code timeZoneOffset} the event's offset (for local
 * time)
 * @param place the event's business location or read point (an SGLN or Digital Link URI),
 * or null
 * @param eventHash the event's hash ID ({@code ni:///...})
 * @param itemCount how many items it marks (0: a whole lot)
 */
public record Excursion(long id, long brandId, String gtin, @Nullable String lotNumber, String reason,
		@Nullable Double celsius, StorageCondition range, Instant time, String timeZoneOffset, @Nullable String place,
		@Nullable String deviceId, String eventHash, int itemCount, @Nullable String ssccs) {

	/** The same excursion with its row id. */
	Excursion withId(long rowId) {
		return new Excursion(rowId, this.brandId, this.gtin, this.lotNumber, this.reason, this.celsius, this.range,
				this.time, this.timeZoneOffset, this.place, this.deviceId, this.eventHash, this.itemCount, this.ssccs);
	}

	/** The reading as people write it ({@code 12.4 °C}), or null. */
	public @Nullable String reading() {
		return this.celsius == null ? null : StorageCondition.format(this.celsius) + " °C";
	}

	/**
	 * Where, as people can look it up: {@code GLN 6901234000030} (with {@code /254/}
	 * extension when not 0) for an SGLN URN or a Digital Link of a GLN; else as recorded;
	 * null when unknown.
	 */
	public @Nullable String placeLabel() {
		return Places.label(this.place);
	}

	/** The local date of the reading ({@code 2026-12-05}) at the event's offset. */
	public String localDate() {
		return this.time.atOffset(offset()).toLocalDate().toString();
	}

	/** The local date and time ({@code 2026-12-05 14:30}) at the event's offset. */
	public String localTime() {
		return this.time.atOffset(offset()).toLocalDateTime().toString().replace('T', ' ').substring(0, 16);
	}

	private ZoneOffset offset() {
		try {
			return ZoneOffset.of(this.timeZoneOffset);
		}
		catch (java.time.DateTimeException ex) {
			return ZoneOffset.UTC;
		}
	}

}
