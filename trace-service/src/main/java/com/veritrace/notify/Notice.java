package com.veritrace.notify;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A notice in an organisation's inbox: its texts in every language of the portal, the
 * page it points to, and whether (and by whom) it was read. Read state is the
 * organisation's: one person reading it reads it for all.
 *
 * @param link a path of the portal
 */
public record Notice(long id, NoticeKind kind, @Nullable String subjectId, Map<String, String> title,
		Map<String, String> body, String link, Instant createdAt, @Nullable Instant readAt, @Nullable String readBy) {

	public boolean isRead() {
		return this.readAt != null;
	}

}
