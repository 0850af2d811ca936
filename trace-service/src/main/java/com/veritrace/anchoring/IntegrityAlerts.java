package com.veritrace.anchoring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

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
 * Turns an integrity run with findings into an {@code INTEGRITY_FAILURE} alert for the
 * platform operator: CRITICAL when rows were changed, deleted or inserted behind the
 * service's back or the log no longer matches its signed heads or the ledger; WARNING
 * when the only finding is events not anchored in time. Once per day for each of the two
 * (later runs count as occurrences, with the latest findings as evidence). A failure to
 * raise is logged: the check's own report stands.
 */
@Component
class IntegrityAlerts {

	private static final Logger log = LoggerFactory.getLogger(IntegrityAlerts.class);

	static final Duration WINDOW = Duration.ofDays(1);

	private final AlertService alerts;

	private final MessageSource messages;

	private final JdbcTemplate jdbc;

	IntegrityAlerts(AlertService alerts, MessageSource messages, JdbcTemplate jdbc) {
		this.alerts = alerts;
		this.messages = messages;
		this.jdbc = jdbc;
	}

	void raise(IntegrityService.Report report) {
		Map<IntegrityService.Kind, Long> found = report.counts()
			.entrySet()
			.stream()
			.filter(e -> e.getValue() > 0)
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
		if (found.isEmpty()) {
			return;
		}
		boolean tampering = found.keySet().stream().anyMatch(k -> k != IntegrityService.Kind.UNANCHORED);
		String counts = found.entrySet()
			.stream()
			.map(e -> e.getKey() + " " + e.getValue())
			.collect(Collectors.joining(", "));
		Map<String, String> title = new LinkedHashMap<>();
		Map<String, String> body = new LinkedHashMap<>();
		for (String language : AlertDraft.languages()) {
			Locale locale = language.equals("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
			title.put(language, this.messages.getMessage(tampering ? "alert.integrity.title" : "alert.unanchored.title",
					null, locale));
			body.put(language,
					this.messages.getMessage("alert.integrity.body",
							new Object[] { counts, String.valueOf(report.eventsChecked()),
									String.valueOf(report.leavesChecked()), String.valueOf(report.treeHeadsChecked()) },
							locale));
		}
		Map<String, Object> evidence = new LinkedHashMap<>();
		evidence.put("findings", found.entrySet()
			.stream()
			.collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new)));
		evidence.put("eventsChecked", report.eventsChecked());
		evidence.put("leavesChecked", report.leavesChecked());
		evidence.put("treeHeadsChecked", report.treeHeadsChecked());
		evidence.put("checkedAt", report.finishedAt().toString());
		List<Map<String, Object>> first = report.findings().stream().limit(5).map(f -> {
			Map<String, Object> one = new LinkedHashMap<>();
			one.put("kind", f.kind().name());
			if (f.eventRowId() != null) {
				one.put("eventRowId", f.eventRowId());
			}
			if (f.eventHash() != null) {
				one.put("eventHash", f.eventHash());
			}
			one.put("detail", f.detail());
			return one;
		}).toList();
		evidence.put("firstFindings", first);
		try {
			for (long platform : this.jdbc
				.queryForList("SELECT id FROM organisation WHERE kind = 'PLATFORM' ORDER BY id", Long.class)) {
				this.alerts.raiseApart(new AlertDraft(platform, AlertKind.INTEGRITY_FAILURE,
						tampering ? Severity.CRITICAL : Severity.WARNING,
						"integrity:events:" + (tampering ? "tampering" : "unanchored"), WINDOW, title, body,
						"/portal/integrity", evidence, "event store"));
			}
		}
		catch (RuntimeException ex) {
			log.error("Could not raise the integrity alert ({}): {}", counts, ex.toString());
		}
	}

}
