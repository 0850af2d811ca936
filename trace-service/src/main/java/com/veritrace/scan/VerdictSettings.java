package com.veritrace.scan;

import org.jspecify.annotations.Nullable;

import com.veritrace.analytics.CodeReview;
import com.veritrace.analytics.ScanThresholds;

/**
 * What brands set about verdicts, as the scan page needs it on every scan: a flagged
 * code's review (cleared, confirmed copy) and a brand's own thresholds. Implementations
 * answer from memory (asked on every scan) and see changes made on any node within
 * seconds.
 */
public interface VerdictSettings {

	/** The brand's decision on a code; {@link CodeReview#NONE} when there is none. */
	CodeReview review(String gtin, String serial);

	/**
	 * The brand's thresholds for a product category (its own for the category, else its
	 * own for all categories), or null when the brand set none: then the configured ones
	 * apply.
	 */
	@Nullable ScanThresholds thresholds(long brandId, @Nullable String category);

	/** No reviews and no brand's own thresholds. */
	VerdictSettings NONE = new VerdictSettings() {

		@Override
		public CodeReview review(String gtin, String serial) {
			return CodeReview.NONE;
		}

		@Override
		public @Nullable ScanThresholds thresholds(long brandId, @Nullable String category) {
			return null;
		}

	};

}
