package com.veritrace.nfc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SUN core against NXP's AN12196 vectors (src/test/resources/conformance/ntag424, see
 * its README.md), RFC 4493's CMAC vectors and AN10922's diversification example, then
 * against the tag simulator: many taps, bit flips, wrong keys.
 */
class SunTests {

	static final HexFormat HEX = HexFormat.of().withUpperCase();

	static final byte[] ZERO = new byte[16];

	static JsonNode vectors() throws IOException {
		return new ObjectMapper().readTree(
				Files.readString(Path.of("src", "test", "resources", "conformance", "ntag424", "an12196-aes.json")));
	}

	@Test
	void an12196EncryptedPiccDataDecryptsToUidAndCounterAndItsMacIsValid() throws IOException {
		JsonNode c = vectors().get("cases").get(0);
		JsonNode expect = c.get("expect");
		byte[] meta = HEX.parseHex(vectors().get("keys").get("sdmMetaReadKey").asString());
		byte[] file = HEX.parseHex(vectors().get("keys").get("sdmFileReadKey").asString());
		Sun.PiccData picc = Sun.decryptPiccData(meta, HEX.parseHex(c.get("piccData").asString()));
		assertThat(picc).isNotNull();
		assertThat(HEX.formatHex(new byte[] { (byte) picc.tag() })).isEqualTo(expect.get("piccDataTag").asString());
		assertThat(HEX.formatHex(picc.uid())).isEqualTo(expect.get("uid").asString());
		assertThat(picc.counter()).isEqualTo(expect.get("readCounter").asInt());
		assertThat(HEX.formatHex(Sun.sv2(picc.uid(), picc.counter()))).isEqualTo(expect.get("sv2").asString());
		assertThat(HEX.formatHex(Sun.sessionMacKey(file, picc.uid(), picc.counter())))
			.isEqualTo(expect.get("sessionMacKey").asString());
		assertThat(Sun.macValid(file, picc.uid(), picc.counter(), c.get("macInput").asString().getBytes(),
				HEX.parseHex(c.get("cmac").asString())))
			.isEqualTo(expect.get("valid").asBoolean());
	}

	@Test
	void an12196PlainMirroringCasesReverseTheMirroredCounter() throws IOException {
		JsonNode cases = vectors().get("cases");
		byte[] file = HEX.parseHex(vectors().get("keys").get("sdmFileReadKey").asString());
		int checked = 0;
		for (JsonNode c : cases) {
			if (!c.has("readCounterAsMirrored")) {
				continue;
			}
			int counter = Integer.parseInt(c.get("readCounterAsMirrored").asString(), 16);
			assertThat(counter)
				.isEqualTo(c.get("expect").has("readCounter") ? c.get("expect").get("readCounter").asInt() : counter);
			boolean valid = Sun.macValid(file, HEX.parseHex(c.get("uid").asString()), counter,
					c.get("macInput").asString().getBytes(StandardCharsets.US_ASCII),
					HEX.parseHex(c.get("cmac").asString()));
			assertThat(valid).as(c.get("name").asString()).isEqualTo(c.get("expect").get("valid").asBoolean());
			checked++;
		}
		assertThat(checked).isEqualTo(2);
	}

	@Test
	void rfc4493CmacVectors() {
		AesCmac cmac = new AesCmac(HEX.parseHex("2B7E151628AED2A6ABF7158809CF4F3C"));
		assertThat(HEX.formatHex(cmac.mac(new byte[0]))).isEqualTo("BB1D6929E95937287FA37D129B756746");
		assertThat(HEX.formatHex(cmac.mac(HEX.parseHex("6BC1BEE22E409F96E93D7E117393172A"))))
			.isEqualTo("070A16B46B4D4144F79BDD9DD04A287C");
		assertThat(HEX.formatHex(cmac
			.mac(HEX.parseHex("6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E5130C81C46A35CE411"))))
			.isEqualTo("DFA66747DE9AE63030CA32611497C827");
	}

	@Test
	void an10922Aes128DiversificationExample() {
		// AN10922 section 2.2.1: master key, UID 04782E21801D80 ‖ AID 3042F5 ‖ system
		// identifier "NXP Abu"
		byte[] key = KeyDiversification.diversify(HEX.parseHex("00112233445566778899AABBCCDDEEFF"),
				HEX.parseHex("04782E21801D803042F54E585020416275"));
		assertThat(HEX.formatHex(key)).isEqualTo("A8DD63A3B89D54B37CA802473FDA9175");
	}

	@Test
	void derivedKeysDifferPerChipAndPurpose() {
		byte[] master = HEX.parseHex("00112233445566778899AABBCCDDEEFF");
		byte[] a = KeyDiversification.fileReadKey(master, HEX.parseHex("04DE5F1EACC040"));
		byte[] b = KeyDiversification.fileReadKey(master, HEX.parseHex("04DE5F1EACC041"));
		assertThat(a).hasSize(16).isNotEqualTo(b).isNotEqualTo(KeyDiversification.metaReadKey(master));
	}

	@Test
	void simulatedChipVerifiesOnEveryTapWithItsCounter() {
		byte[] meta = HEX.parseHex("A1A2A3A4A5A6A7A8A9AAABACADAEAFB0");
		byte[] file = KeyDiversification.fileReadKey(HEX.parseHex("00112233445566778899AABBCCDDEEFF"),
				HEX.parseHex("04A1B2C3D4E5F6"));
		TagSimulator chip = new TagSimulator("04A1B2C3D4E5F6", meta, file, 0);
		for (int i = 1; i <= 200; i++) {
			TagSimulator.Tap tap = chip.tap();
			Sun.PiccData picc = Sun.decryptPiccData(meta, HEX.parseHex(tap.piccData()));
			assertThat(picc).isNotNull();
			assertThat(HEX.formatHex(picc.uid())).isEqualTo("04A1B2C3D4E5F6");
			assertThat(picc.counter()).isEqualTo(i);
			assertThat(Sun.macValid(file, picc.uid(), picc.counter(), new byte[0], HEX.parseHex(tap.cmac()))).isTrue();
		}
	}

	@Test
	void everyFlippedBitOfTheMacOrPiccDataFails() {
		byte[] meta = HEX.parseHex("0F0E0D0C0B0A09080706050403020100");
		byte[] file = HEX.parseHex("00010203040506070809101112131415");
		TagSimulator chip = new TagSimulator("04112233445566", meta, file, 41);
		TagSimulator.Tap tap = chip.tap();
		for (int bit = 0; bit < 64; bit++) {
			TagSimulator.Tap flipped = tap.flipMacBit(bit);
			Sun.PiccData picc = Sun.decryptPiccData(meta, HEX.parseHex(flipped.piccData()));
			assertThat(Sun.macValid(file, picc.uid(), picc.counter(), new byte[0], HEX.parseHex(flipped.cmac())))
				.isFalse();
		}
		for (int bit = 0; bit < 128; bit++) {
			TagSimulator.Tap flipped = tap.flipPiccBit(bit);
			Sun.PiccData picc = Sun.decryptPiccData(meta, HEX.parseHex(flipped.piccData()));
			boolean valid = picc != null
					&& Sun.macValid(file, picc.uid(), picc.counter(), new byte[0], HEX.parseHex(flipped.cmac()));
			assertThat(valid).as("bit %d", bit).isFalse();
		}
	}

	@Test
	void wrongKeysFail() {
		byte[] meta = HEX.parseHex("0F0E0D0C0B0A09080706050403020100");
		byte[] file = HEX.parseHex("00010203040506070809101112131415");
		TagSimulator.Tap tap = new TagSimulator("04112233445566", meta, file, 0).tap();
		Sun.PiccData picc = Sun.decryptPiccData(meta, HEX.parseHex(tap.piccData()));
		assertThat(Sun.macValid(ZERO, picc.uid(), picc.counter(), new byte[0], HEX.parseHex(tap.cmac()))).isFalse();
		Sun.PiccData other = Sun.decryptPiccData(ZERO, HEX.parseHex(tap.piccData()));
		assertThat(other == null || !HEX.formatHex(other.uid()).equals("04112233445566")).isTrue();
	}

	@Test
	void fileDataRoundTripsAndTheMacCoversIt() {
		byte[] meta = HEX.parseHex("0F0E0D0C0B0A09080706050403020100");
		byte[] file = HEX.parseHex("00010203040506070809101112131415");
		TagSimulator chip = new TagSimulator("04112233445566", meta, file, 7);
		TagSimulator.Tap tap = chip.tap("lot=OL-1;made=26");
		Sun.PiccData picc = Sun.decryptPiccData(meta, HEX.parseHex(tap.piccData()));
		byte[] macInput = (tap.enc() + "&cmac=").getBytes(StandardCharsets.US_ASCII);
		assertThat(Sun.macValid(file, picc.uid(), picc.counter(), macInput, HEX.parseHex(tap.cmac()))).isTrue();
		assertThat(Sun.macValid(file, picc.uid(), picc.counter(), new byte[0], HEX.parseHex(tap.cmac()))).isFalse();
		assertThat(new String(Sun.decryptFileData(file, picc.uid(), picc.counter(), HEX.parseHex(tap.enc())),
				StandardCharsets.US_ASCII))
			.isEqualTo("lot=OL-1;made=26");
	}

}
