package com.veritrace.reports;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.alert.AlertDraft;
import com.veritrace.alert.AlertKind;
import com.veritrace.alert.AlertService;
import com.veritrace.alert.Severity;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * An inspection report that failed its integrity check (its stored document or its record
 * no longer matches what was accepted) raises a CRITICAL {@code INTEGRITY_FAILURE} alert
 * for the report's brand and for the platform operator, once per report and day; every
 * later check that fails counts as an occurrence. Raised in a transaction of its own: the
 * failed check throws (rolling back its caller's) or runs read-only.
 */
@Component
class ReportIntegrityAlerts {

	private static final Logger log = LoggerFactory.getLogger(ReportIntegrityAlerts.class);

	static final Duration WINDOW = Duration.ofDays(1);

	private final AlertService alerts;

	private final MessageSource messages;

	private final JdbcTemplate jdbc;

	ReportIntegrityAlerts(AlertService alerts, MessageSource messages, JdbcTemplate jdbc) {
		this.alerts = alerts;
		this.messages = messages;
		this.jdbc = jdbc;
	}

	void raise(InspectionReportRow report, DocumentCheck check, String found) {
		Map<String, String> title = new LinkedHashMap<>();
		Map<String, String> body = new LinkedHashMap<>();
		for (String language : AlertDraft.languages()) {
			Locale locale = language.equals("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
			title.put(language, this.messages.getMessage("alert.report.title",
					new Object[] { report.reportNumber(), report.labName() }, locale));
			body.put(language, this.messages.getMessage("alert.report.body." + check.name(),
					new Object[] { report.reportNumber(), report.labName(), report.gtin() }, locale));
		}
		Map<String, Object> evidence = new LinkedHashMap<>();
		evidence.put("reportId", report.id());
		evidence.put("reportNumber", report.reportNumber());
		evidence.put("lab", report.labName());
		evidence.put("gtin", report.gtin());
		evidence.put("check", check.name());
		evidence.put("recordedDigest", report.documentDigest().ni());
		evidence.put("found", found);
		List<Long> told = new ArrayList<>();
		told.add(report.brandId());
		told.addAll(
				this.jdbc.queryForList("SELECT id FROM organisation WHERE kind = 'PLATFORM' ORDER BY id", Long.class));
		try {
			for (long organisation : told) {
				this.alerts.raiseApart(new AlertDraft(organisation, AlertKind.INTEGRITY_FAILURE, Severity.CRITICAL,
						"report:" + report.id(), WINDOW, title, body,
						organisation == report.brandId() ? "/portal/reports/" + report.id() : null, evidence,
						report.reportNumber()));
			}
		}
		catch (RuntimeException ex) {
			log.error("Could not raise the integrity alert of report {}: {}", report.id(), ex.toString());
		}
	}

}
