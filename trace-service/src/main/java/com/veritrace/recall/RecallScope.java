package com.veritrace.recall;

import java.util.Comparator;

import org.jspecify.annotations.Nullable;

/**
 * One resolved part of a recall's scope: a lot of the GTIN, or a serial range (then
 * {@code lotNumber} is null).
 */
public record RecallScope(String gtin, @Nullable String lotNumber, @Nullable String serialFrom,
		@Nullable String serialTo) {

	/** Serial order: shorter first, then character by character. */
	public static final Comparator<String> SERIAL_ORDER = Comparator.comparingInt(String::length)
		.thenComparing(Comparator.naturalOrder());

	public static RecallScope lot(String gtin, String lotNumber) {
		return new RecallScope(gtin, lotNumber, null, null);
	}

	public static RecallScope serials(String gtin, String from, String to) {
		return new RecallScope(gtin, null, from, to);
	}

	public boolean isLot() {
		return this.lotNumber != null;
	}

	/** Whether this part covers the item (its lot may be null when unknown). */
	public boolean covers(String gtin, @Nullable String serial, @Nullable String lot) {
		if (!this.gtin.equals(gtin)) {
			return false;
		}
		if (this.lotNumber != null) {
			return this.lotNumber.equals(lot);
		}
		return serial != null && this.serialFrom != null && this.serialTo != null
				&& SERIAL_ORDER.compare(this.serialFrom, serial) <= 0
				&& SERIAL_ORDER.compare(serial, this.serialTo) <= 0;
	}

}
