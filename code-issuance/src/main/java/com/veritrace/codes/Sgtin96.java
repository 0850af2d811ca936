package com.veritrace.codes;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An SGTIN-96 EPC as written to an RFID tag (GS1 EPC Tag Data Standard 1.13, section
 * 14.5.1): header {@code 0x30}, 3-bit filter, 3-bit partition, company prefix and item
 * reference (whose bit sizes depend on the partition, Table 14-2) and a 38-bit numeric
 * serial.
 * <p>
 * SGTIN-96 refuses what the standard refuses: serials that are not decimal integers, that
 * have a leading zero or exceed 2^38-1 (those need SGTIN-198), filters outside 0..7,
 * company prefixes outside 6..12 digits, company prefix and item reference not totalling
 * 13 digits, other headers, partition 7, and encodings whose company prefix or item
 * reference field exceeds its digit count.
 *
 * @param filter filter value 0..7 (TDS Table 10-1: 1 = point-of-sale trade item, 2 = full
 * case, ...)
 * @param companyPrefix the GS1 Company Prefix, 6 to 12 digits
 * @param itemReference indicator digit followed by the item reference, 13 - companyPrefix
 * digits
 * @param serial decimal serial without leading zeros, at most 274877906943
 */
public record Sgtin96(int filter, String companyPrefix, String itemReference, String serial) {

	/** The SGTIN-96 header byte. */
	public static final int HEADER = 0x30;

	/** The largest SGTIN-96 serial, 2^38 - 1. */
	public static final long MAX_SERIAL = (1L << 38) - 1;

	/**
	 * Per partition 0..6: company prefix bits, company prefix digits, item reference
	 * bits.
	 */
	private static final int[][] PARTITIONS = { { 40, 12, 4 }, { 37, 11, 7 }, { 34, 10, 10 }, { 30, 9, 14 },
			{ 27, 8, 17 }, { 24, 7, 20 }, { 20, 6, 24 } };

	public Sgtin96 {
		Objects.requireNonNull(companyPrefix, "companyPrefix");
		Objects.requireNonNull(itemReference, "itemReference");
		Objects.requireNonNull(serial, "serial");
		if (filter < 0 || filter > 7) {
			throw new InvalidCodeException("SGTIN-96 filter must be 0..7, found " + filter);
		}
		if (!AiTable.allDigits(companyPrefix) || companyPrefix.length() < 6 || companyPrefix.length() > 12) {
			throw new InvalidCodeException(
					"SGTIN-96 company prefix must be 6 to 12 digits, found '" + companyPrefix + "'");
		}
		if (!(AiTable.allDigits(itemReference) || itemReference.isEmpty())
				|| companyPrefix.length() + itemReference.length() != 13) {
			throw new InvalidCodeException(
					"SGTIN company prefix and item reference (with indicator digit) must be 13 digits"
							+ " together, found " + companyPrefix.length() + " + " + itemReference.length() + " ('"
							+ companyPrefix + "', '" + itemReference + "')");
		}
		checkSerial(serial);
	}

	private static void checkSerial(String serial) {
		if (!AiTable.allDigits(serial)) {
			throw new InvalidCodeException("SGTIN-96 serial must be a decimal integer, found '" + serial
					+ "' (alphanumeric serials need SGTIN-198)");
		}
		if (serial.length() > 1 && serial.charAt(0) == '0') {
			throw new InvalidCodeException(
					"SGTIN-96 serial must not have leading zeros, found '" + serial + "' (it needs SGTIN-198)");
		}
		if (serial.length() > 12 || Long.parseLong(serial) > MAX_SERIAL) {
			throw new InvalidCodeException("SGTIN-96 serial must be at most " + MAX_SERIAL + " (2^38-1), found "
					+ serial + " (it needs SGTIN-198)");
		}
	}

	/**
	 * From a GTIN-14, a serial, a filter value and the length of the GS1 Company Prefix
	 * inside the GTIN (which the GTIN alone does not tell).
	 */
	public static Sgtin96 of(Gtin gtin, int companyPrefixLength, String serial, int filter) {
		if (companyPrefixLength < 6 || companyPrefixLength > 12) {
			throw new InvalidCodeException("company prefix length must be 6..12, found " + companyPrefixLength);
		}
		String g = gtin.value();
		return new Sgtin96(filter, g.substring(1, 1 + companyPrefixLength),
				g.charAt(0) + g.substring(1 + companyPrefixLength, 13), serial);
	}

	/** From a tag URI {@code urn:epc:tag:sgtin-96:F.CP.IR.SER}. */
	public static Sgtin96 fromTagUri(String uri) {
		String prefix = "urn:epc:tag:sgtin-96:";
		if (!uri.startsWith(prefix)) {
			throw new InvalidCodeException("SGTIN-96 tag URI must start with " + prefix + ", found '" + uri + "'");
		}
		String[] parts = uri.substring(prefix.length()).split("\\.", -1);
		if (parts.length != 4) {
			throw new InvalidCodeException(
					"SGTIN-96 tag URI must have 4 fields filter.companyPrefix.itemReference.serial, found "
							+ parts.length);
		}
		if (parts[0].length() != 1 || !AiTable.allDigits(parts[0])) {
			throw new InvalidCodeException("SGTIN-96 filter must be one digit 0..7, found '" + parts[0] + "'");
		}
		return new Sgtin96(parts[0].charAt(0) - '0', parts[1], parts[2], EpcUris.unescape(parts[3]));
	}

	/** From a pure-identity URI {@code urn:epc:id:sgtin:CP.IR.SER} and a filter value. */
	public static Sgtin96 fromPureIdentityUri(String uri, int filter) {
		String prefix = "urn:epc:id:sgtin:";
		if (!uri.startsWith(prefix)) {
			throw new InvalidCodeException(
					"SGTIN pure identity URI must start with " + prefix + ", found '" + uri + "'");
		}
		String[] parts = uri.substring(prefix.length()).split("\\.", -1);
		if (parts.length != 3) {
			throw new InvalidCodeException(
					"SGTIN pure identity URI must have 3 fields companyPrefix.itemReference.serial," + " found "
							+ parts.length + " in '" + uri + "'");
		}
		return new Sgtin96(filter, parts[0], parts[1], EpcUris.unescape(parts[2]));
	}

	/** Decodes the 96-bit EPC given as 24 hexadecimal characters. */
	public static Sgtin96 fromHex(String hex) {
		Objects.requireNonNull(hex, "hex");
		if (hex.length() != 24) {
			throw new InvalidCodeException("SGTIN-96 must be 24 hex characters, found " + hex.length());
		}
		for (int i = 0; i < hex.length(); i++) {
			char c = hex.charAt(i);
			// ASCII only: Character.digit (and BigInteger) also take fullwidth and other
			// Unicode digits
			if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'))) {
				throw new InvalidCodeException("SGTIN-96 hex has '" + hex.charAt(i) + "' at position " + (i + 1)
						+ ", which is not hexadecimal");
			}
		}
		BigInteger bits = new BigInteger(hex, 16);
		int header = bits.shiftRight(88).intValue() & 0xff;
		if (header != HEADER) {
			throw new InvalidCodeException(String.format("header 0x%02X is not SGTIN-96 (0x30)", header));
		}
		int filter = bits.shiftRight(85).intValue() & 7;
		int partition = bits.shiftRight(82).intValue() & 7;
		if (partition == 7) {
			throw new InvalidCodeException("SGTIN-96 partition value 7 is reserved");
		}
		int[] p = PARTITIONS[partition];
		int irBits = p[2];
		int irDigits = 13 - p[1];
		long cp = bits.shiftRight(82 - p[0]).and(mask(p[0])).longValueExact();
		long ir = bits.shiftRight(38).and(mask(irBits)).longValueExact();
		long serial = bits.and(mask(38)).longValueExact();
		String cpText = String.format("%0" + p[1] + "d", cp);
		String irText = String.format("%0" + irDigits + "d", ir);
		if (cpText.length() != p[1]) {
			throw new InvalidCodeException("SGTIN-96 company prefix field " + cp + " has more than " + p[1]
					+ " digits for partition " + partition);
		}
		if (irText.length() != irDigits) {
			throw new InvalidCodeException("SGTIN-96 item reference field " + ir + " has more than " + irDigits
					+ " digits for partition " + partition);
		}
		return new Sgtin96(filter, cpText, irText, Long.toString(serial));
	}

	private static BigInteger mask(int bits) {
		return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
	}

	/** The partition value (TDS Table 14-2) for the company prefix length. */
	public int partition() {
		return 12 - this.companyPrefix.length();
	}

	/** The 24 upper-case hexadecimal characters of the 96-bit EPC. */
	public String toHex() {
		int[] p = PARTITIONS[partition()];
		BigInteger bits = BigInteger.valueOf(HEADER);
		bits = bits.shiftLeft(3).or(BigInteger.valueOf(this.filter));
		bits = bits.shiftLeft(3).or(BigInteger.valueOf(partition()));
		bits = bits.shiftLeft(p[0]).or(new BigInteger(this.companyPrefix));
		bits = bits.shiftLeft(p[2]).or(new BigInteger(this.itemReference));
		bits = bits.shiftLeft(38).or(new BigInteger(this.serial));
		String hex = bits.toString(16).toUpperCase(Locale.ROOT);
		return "0".repeat(24 - hex.length()) + hex;
	}

	/**
	 * The GTIN-14: indicator digit, company prefix, rest of the item reference, check
	 * digit.
	 */
	public Gtin gtin() {
		String body = this.itemReference.charAt(0) + this.companyPrefix + this.itemReference.substring(1);
		return Gtin.parse(CheckDigits.append(body));
	}

	/** {@code urn:epc:id:sgtin:CP.IR.SER}. */
	public String pureIdentityUri() {
		return "urn:epc:id:sgtin:" + this.companyPrefix + "." + this.itemReference + "." + this.serial;
	}

	/** {@code urn:epc:tag:sgtin-96:F.CP.IR.SER}. */
	public String tagUri() {
		return "urn:epc:tag:sgtin-96:" + this.filter + "." + this.companyPrefix + "." + this.itemReference + "."
				+ this.serial;
	}

	/** The GS1 element string in bracketed form, {@code (01)<gtin>(21)<serial>}. */
	public String elementString() {
		return "(01)" + gtin().value() + "(21)" + this.serial;
	}

	/** The Digital Link on {@code stem} (null = {@code https://id.gs1.org}). */
	public DigitalLink digitalLink(@Nullable String stem) {
		return DigitalLink.ofItem(stem, gtin(), null, this.serial, null);
	}

}
