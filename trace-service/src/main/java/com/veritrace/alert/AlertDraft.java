package com.veritrace.alert;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.veritrace.notify.NoticeDraft;

/**
 * An alert to raise for one organisation (the brand it concerns).
 *
 * @param subject what it is about, stable across raises (e.g.
 * {@code 01/<gtin>/21/<serial>}, {@code lot:<gtin>/<lot>}, {@code feed:<partner>}); at
 * most 200 characters
 * @param window raised once per subject and window: raises in the same window count as
 * occurrences of one alert (windows are fixed intervals of this length since the epoch)
 * @param title by language tag ({@link NoticeDraft#LANGUAGES})
 * @param body by language tag
 * @param subjectLink the portal page of its subject (a code's review, a lot, a feed), or
 * null; notices link to the alert's own page {@code /portal/alerts/<id>}, which links
 * here
 * @param evidence what supports it, as JSON members (the latest raise's is kept)
 * @param groupLabel what dashboards group alerts of this kind by (the distributor of a
 * diversion, the lot of an excursion), at most 200 characters; or null
 */
public record AlertDraft(long organisationId, AlertKind kind, Severity severity, String subject, Duration window,
		Map<String, String> title, Map<String, String> body, @Nullable String subjectLink, Map<String, Object> evidence,
		@Nullable String groupLabel) {

	public AlertDraft {
		if (subject.isBlank() || subject.length() > 200) {
			throw new IllegalArgumentException("an alert subject has 1 to 200 characters");
		}
		if (window.isNegative() || window.toMinutes() < 1) {
			throw new IllegalArgumentException("an alert window is at least a minute: " + window);
		}
		if (!title.keySet().equals(NoticeDraft.LANGUAGES) || !body.keySet().equals(NoticeDraft.LANGUAGES)) {
			throw new IllegalArgumentException("an alert has a title and a body in " + NoticeDraft.LANGUAGES);
		}
		if (subjectLink != null && !subjectLink.startsWith("/portal/")) {
			throw new IllegalArgumentException("an alert's subject is a portal page: " + subjectLink);
		}
		if (groupLabel != null && groupLabel.length() > 200) {
			throw new IllegalArgumentException("an alert's group label has at most 200 characters");
		}
		title = Map.copyOf(title);
		body = Map.copyOf(body);
		evidence = Map.copyOf(evidence);
	}

	/** The languages of titles and bodies. */
	public static Set<String> languages() {
		return NoticeDraft.LANGUAGES;
	}

}
