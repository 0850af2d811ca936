package com.veritrace.scan;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a code's page shows of its product, lot, recall, steps, lab reports and proofs,
 * built by {@link JourneyLoader} and cached with its {@link CodePage}.
 */
record Journey(ScanResult.Product product, ScanResult.@Nullable LotInfo lot, ScanResult.@Nullable Recall recall,
		List<ScanResult.Step> steps, List<ScanResult.Report> reports, List<ScanResult.ProofLink> proofs,
		List<ScanResult.ColdChain> coldChain) {

	@com.fasterxml.jackson.annotation.JsonIgnore
	boolean recalled() {
		return this.recall != null;
	}

}
