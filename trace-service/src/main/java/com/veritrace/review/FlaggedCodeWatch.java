package com.veritrace.review;

import java.util.List;

import com.veritrace.scan.VerdictWatch;
import org.springframework.stereotype.Component;

/**
 * Codes the evidence turned SUSPICIOUS, from the scan log's writer thread: flagged for
 * review, with an alert to the brand once per code and day.
 */
@Component
class FlaggedCodeWatch implements VerdictWatch {

	private final CodeReviewService reviews;

	FlaggedCodeWatch(CodeReviewService reviews) {
		this.reviews = reviews;
	}

	@Override
	public void flagged(List<Flagged> codes) {
		this.reviews.flagged(codes);
	}

}
