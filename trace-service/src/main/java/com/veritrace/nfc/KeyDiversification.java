package com.veritrace.nfc;

/**
 * NXP AN10922 AES-128 key diversification: the diversified key is AES-CMAC(master key,
 * {@code 01} ‖ M), where the input M (1 to 31 bytes) is padded ({@code 80 00 …}) to 32
 * bytes whatever its length, with the CMAC's second subkey when padded and the first when
 * not.
 *
 * <p>
 * Veritrace's inputs (docs/DECISIONS.md, "NFC tags (issue 20)"): the SDM file-read key of
 * a chip from M = UID ‖ {@code 02} ‖ "veritrace" (ASCII), its SDM meta-read key from M =
 * {@code 01} ‖ "veritrace-meta" (ASCII), the same for every chip of the brand, since the
 * server needs the meta-read key before it knows which chip tapped.
 */
public final class KeyDiversification {

	private static final byte[] FILE_SUFFIX = { 0x02, 'v', 'e', 'r', 'i', 't', 'r', 'a', 'c', 'e' };

	private static final byte[] META_INPUT = { 0x01, 'v', 'e', 'r', 'i', 't', 'r', 'a', 'c', 'e', '-', 'm', 'e', 't',
			'a' };

	private KeyDiversification() {
	}

	/** AN10922 AES-128: AES-CMAC(master, 01 ‖ input padded to 32 bytes). */
	public static byte[] diversify(byte[] masterKey, byte[] input) {
		if (input.length < 1 || input.length > 31) {
			throw new IllegalArgumentException("AN10922 diversification input has 1 to 31 bytes");
		}
		byte[] message = new byte[1 + input.length];
		message[0] = 0x01;
		System.arraycopy(input, 0, message, 1, input.length);
		return new AesCmac(masterKey).mac(message, 32);
	}

	/** The chip's SDM file-read key. */
	public static byte[] fileReadKey(byte[] masterKey, byte[] uid) {
		if (uid.length != Sun.UID_BYTES) {
			throw new IllegalArgumentException("a UID has 7 bytes");
		}
		byte[] input = new byte[uid.length + FILE_SUFFIX.length];
		System.arraycopy(uid, 0, input, 0, uid.length);
		System.arraycopy(FILE_SUFFIX, 0, input, uid.length, FILE_SUFFIX.length);
		return diversify(masterKey, input);
	}

	/** The brand's SDM meta-read key (one for all its chips). */
	public static byte[] metaReadKey(byte[] masterKey) {
		return diversify(masterKey, META_INPUT);
	}

}
