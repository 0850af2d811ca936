package com.veritrace.nfc;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import javax.crypto.Cipher;

/**
 * A test NTAG 424 DNA in AES mode with SUN messages: given a UID, its two SDM keys and a
 * read counter, it produces what the chip would mirror into its URL on each tap
 * ({@code picc_data}, optionally {@code enc}, and {@code cmac}), so that tests can tap
 * one chip many times, replay a tap or flip a bit. Its encryption side is written here
 * from AN12196; the verifier's MAC functions are pinned by the note's vectors.
 */
final class TagSimulator {

	static final HexFormat HEX = HexFormat.of().withUpperCase();

	private final byte[] uid;

	private final byte[] metaReadKey;

	private final byte[] fileReadKey;

	private final Random padding;

	private int counter;

	TagSimulator(String uidHex, byte[] metaReadKey, byte[] fileReadKey, int counter) {
		this.uid = HEX.parseHex(uidHex);
		this.metaReadKey = metaReadKey.clone();
		this.fileReadKey = fileReadKey.clone();
		this.counter = counter;
		this.padding = new Random(uidHex.hashCode());
	}

	/** One tap's SUN message. */
	record Tap(String piccData, String enc, String cmac, int counter) {

		/** The query the chip's URL carries, in the default profile's layout. */
		String query() {
			return "picc_data=" + this.piccData + (this.enc.isEmpty() ? "" : "&enc=" + this.enc) + "&cmac=" + this.cmac;
		}

		/** The same tap with one bit of the MAC flipped. */
		Tap flipMacBit(int bit) {
			byte[] mac = HEX.parseHex(this.cmac);
			mac[bit / 8] ^= (byte) (1 << (bit % 8));
			return new Tap(this.piccData, this.enc, HEX.formatHex(mac), this.counter);
		}

		/** The same tap with one bit of the PICC data flipped. */
		Tap flipPiccBit(int bit) {
			byte[] data = HEX.parseHex(this.piccData);
			data[bit / 8] ^= (byte) (1 << (bit % 8));
			return new Tap(HEX.formatHex(data), this.enc, this.cmac, this.counter);
		}

	}

	String uid() {
		return HEX.formatHex(this.uid);
	}

	int counter() {
		return this.counter;
	}

	/** A tap without file data: the counter goes up by one, as on the chip. */
	Tap tap() {
		return tap(null);
	}

	/** A tap with 16·n bytes of file data ({@code enc}), encrypted as the chip does. */
	Tap tap(String fileData) {
		this.counter++;
		byte[] plain = new byte[16];
		plain[0] = (byte) 0xC7;
		System.arraycopy(this.uid, 0, plain, 1, 7);
		plain[8] = (byte) this.counter;
		plain[9] = (byte) (this.counter >>> 8);
		plain[10] = (byte) (this.counter >>> 16);
		byte[] rnd = new byte[5];
		this.padding.nextBytes(rnd);
		System.arraycopy(rnd, 0, plain, 11, 5);
		String picc = HEX
			.formatHex(Sun.aes(Cipher.ENCRYPT_MODE, "AES/CBC/NoPadding", this.metaReadKey, new byte[16], plain));
		String enc = "";
		byte[] macInput = new byte[0];
		if (fileData != null) {
			byte[] data = fileData.getBytes(StandardCharsets.US_ASCII);
			byte[] key = Sun.sessionEncKey(this.fileReadKey, this.uid, this.counter);
			byte[] ivInput = new byte[16];
			ivInput[0] = plain[8];
			ivInput[1] = plain[9];
			ivInput[2] = plain[10];
			byte[] iv = Sun.aes(Cipher.ENCRYPT_MODE, "AES/ECB/NoPadding", key, null, ivInput);
			enc = HEX.formatHex(Sun.aes(Cipher.ENCRYPT_MODE, "AES/CBC/NoPadding", key, iv, data));
			macInput = (enc + "&cmac=").getBytes(StandardCharsets.US_ASCII);
		}
		byte[] mac = Sun.sunMac(Sun.sessionMacKey(this.fileReadKey, this.uid, this.counter), macInput);
		return new Tap(picc, enc, HEX.formatHex(mac), this.counter);
	}

}
