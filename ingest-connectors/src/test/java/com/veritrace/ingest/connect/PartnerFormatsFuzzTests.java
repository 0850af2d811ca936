package com.veritrace.ingest.connect;

import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EpcisEvent;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.FuzzBudget;
import com.veritrace.ingest.InvalidEventException;

/**
 * Fuzzes the partner formats as the ingest pipeline runs them: each input is read as a
 * WMS outbound record and as a carrier delivery record (both are JSON objects; one input
 * exercises both mappings), and every event is hashed. Property: the only exception is
 * the documented {@link InvalidEventException}; no input takes longer than the timeout;
 * allocation stays within {@link FuzzBudget}. Seeds: the examples of docs/INGEST.md
 * ({@code PartnerFormatsFuzzTestsInputs/readAndHash}). See docs/FUZZING.md.
 */
class PartnerFormatsFuzzTests {

	private static final PartnerFormats FORMATS = new PartnerFormats(new EpcisDocumentParser());

	private static final EventHasher HASHER = new EventHasher();

	static {
		FuzzBudget.warmUp(PartnerFormatsFuzzTests.class, "readAndHash", PartnerFormatsFuzzTests::run);
	}

	@FuzzTest(maxDuration = "15s")
	@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
	void readAndHash(byte[] input) {
		if (input.length > FuzzBudget.MAX_INPUT) {
			return;
		}
		long before = FuzzBudget.allocated();
		run(input);
		FuzzBudget.assertAllocationBounded(before, input.length, 16L << 20, 2048);
	}

	private static void run(byte[] input) {
		for (IngestStream stream : new IngestStream[] { IngestStream.WMS_OUTBOUND, IngestStream.CARRIER_DELIVERY }) {
			try {
				for (EpcisEvent event : FORMATS.read(stream, input).events()) {
					HASHER.hash(event);
				}
			}
			catch (InvalidEventException ex) {
				// documented: not a valid record of this format
			}
		}
	}

}
