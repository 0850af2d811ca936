package com.veritrace.codes;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SerialGeneratorTests {

	private static final byte[] KEY = "brand-A secret key, 32 bytes...!"
		.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private static final byte[] OTHER_KEY = "brand-B secret key, 32 bytes...!"
		.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

	@Test
	void serialsUseAnUnambiguousAlphabetAndAreValidGs1Serials() {
		SerialGenerator generator = new SerialGenerator(KEY);
		for (int i = 0; i < 1000; i++) {
			String serial = generator.next();
			assertThat(serial).hasSize(16).matches("[0-9A-HJKMNP-TV-Z]{16}").doesNotContain("I", "L", "O", "U");
			DigitalLink link = DigitalLink.ofItem(null, Gtin.parse("09520123456788"), null, serial, null);
			assertThat(link.toUri()).isEqualTo("https://id.gs1.org/01/09520123456788/21/" + serial);
			assertThat(DigitalLink.parse(link.toUri()).value("21")).isEqualTo(serial);
		}
		assertThat(generator.serialLength()).isEqualTo(16);
		assertThat(new SerialGenerator(KEY, 7, new SecureRandom()).serialLength()).isEqualTo(20);
	}

	@Test
	void everyCharacterPositionCarriesRandomness() {
		// the first character holds 5 random bits too (65 bits in 13 characters)
		SerialGenerator generator = new SerialGenerator(KEY);
		Set<Character> first = new HashSet<>();
		Set<Character> last = new HashSet<>();
		for (int i = 0; i < 5000; i++) {
			String serial = generator.next();
			first.add(serial.charAt(0));
			last.add(serial.charAt(12));
		}
		assertThat(first).hasSize(32);
		assertThat(last).hasSize(32);
	}

	@Test
	void goldenSerialFromAFixedSeed() throws Exception {
		SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
		seeded.setSeed(42L);
		String serial = new SerialGenerator(KEY, 3, seeded).next();
		// pins the format: 13 random characters then HMAC-SHA256 check characters under
		// KEY
		assertThat(serial).isEqualTo("XA2P2H2WGXQHE1JS");
		assertThat(new SerialVerifier(KEY).isAuthentic(serial)).isTrue();
		// independent recomputation of the check part: first 15 bits of the MAC as
		// base-32 digits
		javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
		mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
		byte[] tag = mac.doFinal(("veritrace/serial/v1:" + serial.substring(0, 13)).getBytes());
		int bits = ((tag[0] & 0xff) << 8 | (tag[1] & 0xff)) >>> 1;
		String check = "" + ALPHABET.charAt(bits >>> 10) + ALPHABET.charAt((bits >>> 5) & 31)
				+ ALPHABET.charAt(bits & 31);
		assertThat(serial.substring(13)).isEqualTo(check);
		SecureRandom again = SecureRandom.getInstance("SHA1PRNG");
		again.setSeed(42L);
		assertThat(new SerialGenerator(KEY, 3, again).next()).isEqualTo(serial);
	}

	@Test
	void verifierAcceptsGenuineSerialsAndTypedVariants() {
		SerialGenerator generator = new SerialGenerator(KEY);
		SerialVerifier verifier = new SerialVerifier(KEY);
		for (int i = 0; i < 10_000; i++) {
			String serial = generator.next();
			assertThat(verifier.isAuthentic(serial)).isTrue();
			String typed = serial.toLowerCase().replace('0', 'o').replace('1', 'l');
			assertThat(verifier.isAuthenticTyped(typed.substring(0, 8) + "-" + typed.substring(8))).isTrue();
		}
		assertThat(verifier.isAuthentic("")).isFalse();
		assertThat(verifier.isAuthentic("TOO-SHORT")).isFalse();
		assertThat(SerialVerifier.normalise("ab-cd ilo")).isEqualTo("ABCD110");
	}

	@Test
	void randomForgeriesPassAtTheRateOfTheCheckBits() {
		// 2 check characters = 10 bits: expect 100000 / 1024 = 97.7 acceptances (sd 9.9)
		SerialVerifier twoChars = new SerialVerifier(KEY, 2);
		Random random = new Random(20261124L);
		int accepted = 0;
		for (int i = 0; i < 100_000; i++) {
			if (twoChars.isAuthentic(randomString(random, 15))) {
				accepted++;
			}
		}
		assertThat(accepted).isBetween(50, 150);

		// the default 3 check characters = 15 bits: expect 3.1 in 100000
		SerialVerifier threeChars = new SerialVerifier(KEY);
		int acceptedDefault = 0;
		for (int i = 0; i < 100_000; i++) {
			if (threeChars.isAuthentic(randomString(random, 16))) {
				acceptedDefault++;
			}
		}
		assertThat(acceptedDefault).isLessThanOrEqualTo(15);
	}

	@Test
	void singleCharacterTyposAndOtherBrandsKeysAreRefused() {
		SerialGenerator generator = new SerialGenerator(KEY);
		SerialVerifier verifier = new SerialVerifier(KEY);
		SerialVerifier otherBrand = new SerialVerifier(OTHER_KEY);
		Random random = new Random(7);
		int typosAccepted = 0;
		int otherAccepted = 0;
		for (int i = 0; i < 20_000; i++) {
			String serial = generator.next();
			int pos = random.nextInt(serial.length());
			char replacement;
			do {
				replacement = ALPHABET.charAt(random.nextInt(32));
			}
			while (replacement == serial.charAt(pos));
			String typo = serial.substring(0, pos) + replacement + serial.substring(pos + 1);
			if (verifier.isAuthentic(typo)) {
				typosAccepted++;
			}
			if (otherBrand.isAuthentic(serial)) {
				otherAccepted++;
			}
		}
		// expected about 20000 * 13/16 / 32768 = 0.5 each
		assertThat(typosAccepted).isLessThanOrEqualTo(5);
		assertThat(otherAccepted).isLessThanOrEqualTo(5);
	}

	@Test
	void aMillionSerialsAreUnique() {
		SerialGenerator generator = new SerialGenerator(KEY);
		Set<String> seen = new HashSet<>(1_400_000);
		for (int i = 0; i < 1_000_000; i++) {
			seen.add(generator.next().substring(0, 13));
		}
		assertThat(seen).hasSize(1_000_000);
	}

	@Test
	void refusesWeakKeysAndBadCheckLengths() {
		assertThatThrownBy(() -> new SerialGenerator(new byte[15])).hasMessageContaining("at least 16 bytes");
		assertThatThrownBy(() -> new SerialGenerator(KEY, 0, new SecureRandom())).hasMessageContaining("1..7");
		assertThatThrownBy(() -> new SerialVerifier(KEY, 8)).hasMessageContaining("1..7");
	}

	private static String randomString(Random random, int length) {
		char[] chars = new char[length];
		for (int i = 0; i < length; i++) {
			chars[i] = ALPHABET.charAt(random.nextInt(32));
		}
		return new String(chars);
	}

}
