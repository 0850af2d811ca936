/**
 * Reviews of codes the scan evidence flagged as copied (issue 15): the flag (from the
 * scan page's {@code VerdictWatch}) with a SUSPICIOUS_CODE alert to the brand, the
 * brand's decision (clear, confirm, void a confirmed copy) seen by the scan page on every
 * node, and a brand's own verdict thresholds; API under {@code /api/v1/flagged-codes} and
 * {@code /api/v1/verdict-thresholds}, portal pages under {@code /portal/flagged-codes}.
 */
@ApplicationModule(
		allowedDependencies = { "scan", "analytics", "issuance", "tenancy", "accounts", "alert", "shared", "web" })
@NullMarked
package com.veritrace.review;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
