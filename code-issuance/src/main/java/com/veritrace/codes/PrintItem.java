package com.veritrace.codes;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One code in a print file.
 *
 * @param name a label for the item (serial, SSCC, ...), used in the CSV and in image file
 * names
 * @param uri the text encoded in the symbol, usually a Digital Link URI
 * @param epc the EPC (pure identity URI or tag hex) for RFID encoding, or {@code null}
 */
public record PrintItem(String name, String uri, @Nullable String epc) {

	public PrintItem {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(uri, "uri");
		if (name.isBlank()) {
			throw new IllegalArgumentException("print item name is blank");
		}
	}

}
