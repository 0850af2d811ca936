package com.veritrace.codes;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NumericSerialsTests {

	private static final byte[] KEY = "numeric serials test key 0123456".getBytes(StandardCharsets.US_ASCII);

	private final NumericSerials serials = new NumericSerials(KEY);

	@Test
	void sgtin96SerialsAreDistinctValidAndAuthentic() {
		Set<Long> seen = new HashSet<>();
		for (long n = 0; n < 20_000; n++) {
			long serial = this.serials.sgtin96Serial(n);
			assertThat(serial).isBetween(0L, Sgtin96.MAX_SERIAL);
			assertThat(seen.add(serial)).as("serial %d of position %d repeats", serial, n).isTrue();
			assertThat(this.serials.isAuthenticSgtin96(Long.toString(serial))).isTrue();
		}
		// a real SGTIN-96 takes every one of them
		String hex = Sgtin96.of(Gtin.parse("09520123456788"), 7, Long.toString(this.serials.sgtin96Serial(7)), 1)
			.toHex();
		assertThat(Sgtin96.fromHex(hex).serial()).isEqualTo(Long.toString(this.serials.sgtin96Serial(7)));
		// consecutive positions do not give neighbouring serials
		assertThat(Math.abs(this.serials.sgtin96Serial(1) - this.serials.sgtin96Serial(0))).isGreaterThan(1000);
	}

	@Test
	void forgedOrOtherKeysSgtin96SerialsAreRefusedAboutOnceIn1024() {
		NumericSerials other = new NumericSerials(
				"another brand's key, 32 bytes..".getBytes(StandardCharsets.US_ASCII));
		int passed = 0;
		for (long n = 0; n < 20_000; n++) {
			if (this.serials.isAuthenticSgtin96(Long.toString(other.sgtin96Serial(n)))) {
				passed++;
			}
		}
		assertThat(passed).isBetween(0, 60); // expected 20000 / 1024 = 19.5
		assertThat(this.serials.isAuthenticSgtin96("0123")).isFalse();
		assertThat(this.serials.isAuthenticSgtin96("274877906944")).isFalse(); // 2^38
		assertThat(this.serials.isAuthenticSgtin96("12a")).isFalse();
		assertThat(this.serials.isAuthenticSgtin96("")).isFalse();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.serials.sgtin96Serial(NumericSerials.SGTIN96_CAPACITY));
	}

	@Test
	void drugCodesHaveTheLayoutAreDistinctAndCarryAKeyedCheck() {
		Set<String> seen = new HashSet<>();
		for (long n = 0; n < 5_000; n++) {
			NmpaDrugCode code = this.serials.nmpaCode("8123456", n);
			assertThat(code.value()).hasSize(20).startsWith("8123456");
			assertThat(NmpaDrugCode.parse(code.value())).isEqualTo(code);
			assertThat(seen.add(code.serial())).isTrue();
			assertThat(this.serials.isAuthenticNmpa(code)).isTrue();
		}
		NmpaDrugCode real = this.serials.nmpaCode("8123456", 42);
		int v = Integer.parseInt(real.verification());
		NmpaDrugCode forged = new NmpaDrugCode(real.productCode(), real.serial(),
				String.format("%04d", (v + 1) % 10_000));
		assertThat(this.serials.isAuthenticNmpa(forged)).isFalse();
		NmpaDrugCode otherSerial = new NmpaDrugCode(real.productCode(),
				String.format("%09d", (Long.parseLong(real.serial()) + 1) % 1_000_000_000L), real.verification());
		assertThat(this.serials.isAuthenticNmpa(otherSerial)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> this.serials.nmpaCode("8123456", -1));
	}

	@Test
	void shortKeysAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new NumericSerials(new byte[15]));
	}

}
