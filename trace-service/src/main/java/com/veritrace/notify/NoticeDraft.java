package com.veritrace.notify;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A notice to post: what it says in every language of the portal (see
 * {@link #LANGUAGES}), where it points, and what its webhook body carries besides.
 *
 * @param key unique per organisation: posting the same key again does nothing, so a
 * source that replays (a hand-off republished after a crash) tells nobody twice
 * @param subjectId what it is about, e.g. the recall's id
 * @param title by language tag
 * @param body by language tag
 * @param link a path of the portal, e.g. {@code /portal/recalls/<id>}
 * @param data more members of the webhook body (e.g. {@code recall}), beside the ones
 * every notice has ({@link #RESERVED})
 */
public record NoticeDraft(String key, NoticeKind kind, @Nullable String subjectId, Map<String, String> title,
		Map<String, String> body, String link, Map<String, Object> data) {

	/** The languages of titles and bodies. */
	public static final Set<String> LANGUAGES = Set.of("en", "zh-CN");

	/** Members every webhook body has, which {@code data} may not set. */
	public static final Set<String> RESERVED = Set.of("id", "type", "organisationId", "createdAt", "title", "body",
			"link");

	public NoticeDraft {
		if (key.isBlank() || key.length() > 120) {
			throw new IllegalArgumentException("a notice key has 1 to 120 characters");
		}
		if (!title.keySet().equals(LANGUAGES) || !body.keySet().equals(LANGUAGES)) {
			throw new IllegalArgumentException("a notice has a title and a body in " + LANGUAGES);
		}
		if (!link.startsWith("/portal/")) {
			throw new IllegalArgumentException("a notice links to a portal page: " + link);
		}
		for (String member : data.keySet()) {
			if (RESERVED.contains(member)) {
				throw new IllegalArgumentException("'" + member + "' is set by every notice");
			}
		}
		title = Map.copyOf(title);
		body = Map.copyOf(body);
		data = Map.copyOf(data);
	}

}
