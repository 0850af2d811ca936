/**
 * Alerts (issue 15): one model for what a brand (and the regulators) must look at: a code
 * whose scans look copied, goods sold outside a distributor's regions, a cold-chain
 * excursion, an event on a recalled item, a partner feed failing, an integrity check
 * failing. An alert is raised once per organisation, kind, subject and window (more
 * raises within the window count as occurrences of the same alert), has a severity and
 * its evidence, a state (OPEN, ACKNOWLEDGED, RESOLVED) with who acted, and is delivered
 * as a notice (inbox, mail, signed webhooks).
 */
@ApplicationModule(allowedDependencies = { "notify", "tenancy", "accounts", "shared", "web", "recall" })
@NullMarked
package com.veritrace.alert;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
