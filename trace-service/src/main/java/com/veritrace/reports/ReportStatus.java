package com.veritrace.reports;

/**
 * Whether a report is the lab's last word on its lot or was corrected by a later report.
 */
public enum ReportStatus {

	/** Not corrected. */
	CURRENT,
	/**
	 * Corrected by the report named in {@code supersededBy}; still shown, never deleted.
	 */
	SUPERSEDED

}
