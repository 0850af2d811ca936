/**
 * Channel diversion (窜货, issue 15 item 2): a brand's distributors with their authorised
 * regions and locations; the items shipped to them (an {@code EventWatch}); where a scan
 * was ({@code RegionLookup}: a trusted edge, the phone's cell, an IP-to-region database);
 * and the check of logged scans against the regions (a {@code ScanWatch}) that raises a
 * DIVERSION alert.
 */
@ApplicationModule(
		allowedDependencies = { "alert", "catalog", "events", "scan", "partners", "tenancy", "shared", "web" })
@NullMarked
package com.veritrace.diversion;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
