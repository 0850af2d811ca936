package com.veritrace.codes;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Numeric serials for formats that cannot hold {@link SerialGenerator}'s 16 characters:
 * SGTIN-96 (a number below 2^38 without leading zeros) and the 9-digit serial of the
 * 20-digit drug code.
 * <p>
 * A serial is the image of the code's position in its GTIN's run
 * ({@code n = 0, 1, 2, ...}) under a keyed permutation (a 6-round Feistel network whose
 * round function is HMAC-SHA256 under the brand key, domain-separated). A permutation
 * never repeats, so serials are unique without a lookup; without the key the next serial
 * cannot be predicted from earlier ones.
 * <ul>
 * <li>SGTIN-96: {@code serial = P38(n << 10)} for {@code n < 2^28}. A serial is authentic
 * when its inverse ends in ten zero bits: a forgery passes the offline check with
 * probability 2^-10.</li>
 * <li>Drug code: 9-digit serial {@code P30(n)} (cycle-walking into 0..999,999,999) and 4
 * verification digits from HMAC-SHA256 over product code and serial: a forgery passes
 * with probability 10^-4.</li>
 * </ul>
 * Thread-safe.
 */
public final class NumericSerials {

	/** How many SGTIN-96 serials one GTIN can have: 2^28. */
	public static final long SGTIN96_CAPACITY = 1L << 28;

	/** How many 9-digit drug code serials one drug identification code can have. */
	public static final long NMPA_CAPACITY = 1_000_000_000L;

	private static final int ROUNDS = 6;

	private static final int TAG_BITS = 10;

	private static final byte[] DOMAIN_SGTIN = "veritrace/sgtin96-serial/v1:".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] DOMAIN_NMPA = "veritrace/nmpa-serial/v1:".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] DOMAIN_NMPA_CHECK = "veritrace/nmpa-check/v1:".getBytes(StandardCharsets.US_ASCII);

	private final Mac prototype;

	/**
	 * @param brandKey the brand's secret key, at least 16 bytes
	 */
	public NumericSerials(byte[] brandKey) {
		Objects.requireNonNull(brandKey, "brandKey");
		if (brandKey.length < 16) {
			throw new IllegalArgumentException(
					"serial key must have at least 16 bytes (128 bits), found " + brandKey.length);
		}
		try {
			this.prototype = Mac.getInstance("HmacSHA256");
			this.prototype.init(new SecretKeySpec(brandKey.clone(), "HmacSHA256"));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/**
	 * The SGTIN-96 serial of the {@code n}-th code of a run.
	 * @throws IllegalArgumentException when {@code n} is outside 0 .. 2^28-1
	 */
	public long sgtin96Serial(long n) {
		if (n < 0 || n >= SGTIN96_CAPACITY) {
			throw new IllegalArgumentException(
					"SGTIN-96 serial position must be 0.." + (SGTIN96_CAPACITY - 1) + ", found " + n);
		}
		return permute(DOMAIN_SGTIN, 19, n << TAG_BITS, true);
	}

	/** True when a decimal SGTIN-96 serial was made with this key (no database read). */
	public boolean isAuthenticSgtin96(String serial) {
		long value = decimal(serial, 12);
		if (value < 0 || value > Sgtin96.MAX_SERIAL || (serial.length() > 1 && serial.charAt(0) == '0')) {
			return false;
		}
		long n = permute(DOMAIN_SGTIN, 19, value, false);
		return (n & ((1 << TAG_BITS) - 1)) == 0;
	}

	/**
	 * The 20-digit drug code of the {@code n}-th pack of a drug identification code: the
	 * 7 digits, 9 permuted serial digits and 4 keyed verification digits.
	 */
	public NmpaDrugCode nmpaCode(String productCode, long n) {
		if (n < 0 || n >= NMPA_CAPACITY) {
			throw new IllegalArgumentException(
					"drug code serial position must be 0.." + (NMPA_CAPACITY - 1) + ", found " + n);
		}
		long serial = n;
		do {
			serial = permute(DOMAIN_NMPA, 15, serial, true);
		}
		while (serial >= NMPA_CAPACITY); // cycle walking: stays a permutation of
											// 0..10^9-1
		String serialDigits = String.format("%09d", serial);
		new NmpaDrugCode(productCode, serialDigits, "0000"); // validates the product code
		return new NmpaDrugCode(productCode, serialDigits, nmpaCheck(productCode, serialDigits));
	}

	/**
	 * True when the 4 verification digits of a drug code are this key's (no database
	 * read).
	 */
	public boolean isAuthenticNmpa(NmpaDrugCode code) {
		return MessageDigest.isEqual(nmpaCheck(code.productCode(), code.serial()).getBytes(StandardCharsets.US_ASCII),
				code.verification().getBytes(StandardCharsets.US_ASCII));
	}

	private String nmpaCheck(String productCode, String serial) {
		byte[] tag = mac(DOMAIN_NMPA_CHECK, (productCode + serial).getBytes(StandardCharsets.US_ASCII));
		long bits = 0;
		for (int i = 0; i < 6; i++) {
			bits = (bits << 8) | (tag[i] & 0xff);
		}
		return String.format("%04d", bits % 10_000);
	}

	/** Balanced Feistel network over {@code 2 * halfBits} bits, forward or inverse. */
	private long permute(byte[] domain, int halfBits, long value, boolean forward) {
		long mask = (1L << halfBits) - 1;
		long left = (value >>> halfBits) & mask;
		long right = value & mask;
		if (forward) {
			for (int round = 0; round < ROUNDS; round++) {
				long next = left ^ round(domain, round, right, mask);
				left = right;
				right = next;
			}
		}
		else {
			for (int round = ROUNDS - 1; round >= 0; round--) {
				long previous = right ^ round(domain, round, left, mask);
				right = left;
				left = previous;
			}
		}
		return (left << halfBits) | right;
	}

	private long round(byte[] domain, int round, long half, long mask) {
		byte[] input = { (byte) round, (byte) (half >>> 24), (byte) (half >>> 16), (byte) (half >>> 8), (byte) half };
		byte[] tag = mac(domain, input);
		long bits = ((tag[0] & 0xffL) << 24) | ((tag[1] & 0xffL) << 16) | ((tag[2] & 0xffL) << 8) | (tag[3] & 0xffL);
		return bits & mask;
	}

	private byte[] mac(byte[] domain, byte[] input) {
		Mac mac;
		try {
			mac = (Mac) this.prototype.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("HmacSHA256 cannot be cloned", ex);
		}
		mac.update(domain);
		return mac.doFinal(input);
	}

	private static long decimal(String text, int maxDigits) {
		if (text.isEmpty() || text.length() > maxDigits) {
			return -1;
		}
		long value = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

}
