package com.veritrace.codes;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the SGTIN-96 decoders: every input (UTF-8) is read as 24 hex characters, as a
 * tag URI and as a pure identity URI. Property: the only exception is the documented
 * {@link InvalidCodeException}; what decodes encodes back to the same EPC (hex, tag URI,
 * pure identity URI) and yields a GTIN, element string and Digital Link; a hex form is
 * accepted only when it is what {@link Sgtin96#toHex()} writes (ignoring case); no input
 * takes longer than the timeout; allocation stays within {@link FuzzBudget}. Seeds: TDS
 * 1.13 Annex E and the project's SGTIN-96 conformance cases
 * ({@code Sgtin96FuzzTestsInputs/decode}). See docs/FUZZING.md.
 */
class Sgtin96FuzzTests {

	static {
		FuzzBudget.warmUp(Sgtin96FuzzTests.class, "decode", Sgtin96FuzzTests::run);
	}

	@FuzzTest(maxDuration = "10s")
	@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
	void decode(byte[] input) {
		if (input.length > FuzzBudget.MAX_INPUT) {
			return;
		}
		long before = FuzzBudget.allocated();
		run(input);
		FuzzBudget.assertAllocationBounded(before, input.length, 4L << 20, 256);
	}

	private static void run(byte[] input) {
		String text = new String(input, StandardCharsets.UTF_8);
		try {
			Sgtin96 epc = Sgtin96.fromHex(text);
			assertThat(epc.toHex()).isEqualToIgnoringCase(text);
			encodesBack(epc);
		}
		catch (InvalidCodeException ex) {
			// documented
		}
		try {
			encodesBack(Sgtin96.fromTagUri(text));
		}
		catch (InvalidCodeException ex) {
			// documented
		}
		try {
			encodesBack(Sgtin96.fromPureIdentityUri(text, 1));
		}
		catch (InvalidCodeException ex) {
			// documented
		}
	}

	private static void encodesBack(Sgtin96 epc) {
		assertThat(Sgtin96.fromHex(epc.toHex())).isEqualTo(epc);
		assertThat(Sgtin96.fromTagUri(epc.tagUri())).isEqualTo(epc);
		assertThat(Sgtin96.fromPureIdentityUri(epc.pureIdentityUri(), epc.filter())).isEqualTo(epc);
		assertThat(epc.elementString()).isEqualTo("(01)" + epc.gtin().value() + "(21)" + epc.serial());
		assertThat(epc.digitalLink(null).value("21")).isEqualTo(epc.serial());
	}

}
