/**
 * Dashboards (issue 15, items 5 and 6): rollups of consumer scans (a {@code ScanWatch})
 * and supply-chain KPIs of stored events (an {@code EventWatch}), kept current as scans
 * and events are written, and the aggregates the portal's dashboards read from them
 * (never the scan log or the event table). What each KPI means: docs/DECISIONS.md
 * "Dashboards (issue 15)".
 */
@ApplicationModule(allowedDependencies = { "scan", "events", "tenancy", "shared" })
@NullMarked
package com.veritrace.dashboards;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
