package com.veritrace.inspection;

import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * Fuzzes the report metadata reader (the {@code metadata} part of a report upload and a
 * lab system's answer). Property: the only exception is the documented
 * {@link InvalidReportException}; no input takes longer than the timeout; allocation
 * stays within {@link FuzzBudget}. Seeds: the metadata of this module's tests and of
 * docs/INSPECTION.md ({@code ReportMetadataFuzzTestsInputs/read}). See docs/FUZZING.md.
 */
class ReportMetadataFuzzTests {

	private static final ReportMetadataReader READER = new ReportMetadataReader();

	private static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

	static {
		FuzzBudget.warmUp(ReportMetadataFuzzTests.class, "read", ReportMetadataFuzzTests::run);
	}

	@FuzzTest(maxDuration = "15s")
	@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
	void read(byte[] input) {
		if (input.length > FuzzBudget.MAX_INPUT) {
			return;
		}
		long before = FuzzBudget.allocated();
		run(input);
		FuzzBudget.assertAllocationBounded(before, input.length, 4L << 20, 1024);
	}

	private static void run(byte[] input) {
		try {
			READER.read(input, TODAY);
		}
		catch (InvalidReportException ex) {
			// documented
		}
	}

}
