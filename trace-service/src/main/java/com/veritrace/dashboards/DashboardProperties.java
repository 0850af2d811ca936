package com.veritrace.dashboards;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the dashboards.
 *
 * @param lateAfter an event reported more than this after its event time counts as late
 * @param lateShare a partner is listed as late when more than this share of its events in
 * the range were late
 * @param silentAfter a partner that reported events for a brand before and none for this
 * long is listed as silent
 * @param cacheFor how long a computed aggregate is served again (the rollups themselves
 * are current within a scan log batch)
 * @param worldMap whether scans by region are also drawn on a world map of countries
 * (Natural Earth outlines; see docs/DECISIONS.md on showing maps in China)
 */
@Validated
@ConfigurationProperties("veritrace.dashboards")
public record DashboardProperties(@DefaultValue("PT24H") Duration lateAfter, @DefaultValue("0.1") double lateShare,
		@DefaultValue("P7D") Duration silentAfter, @DefaultValue("PT30S") Duration cacheFor,
		@DefaultValue("true") boolean worldMap) {
}
