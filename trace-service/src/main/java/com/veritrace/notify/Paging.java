package com.veritrace.notify;

import org.jspecify.annotations.Nullable;

import com.veritrace.shared.InvalidException;

/** The keyset paging of the notify API: {@code before} an id, {@code limit} 1 to 200. */
final class Paging {

	private Paging() {
	}

	/** The id of the cursor, or null for the first page. */
	static @Nullable Long before(@Nullable String before, int limit) {
		if (limit < 1 || limit > 200) {
			throw InvalidException.of("limit", "from 1 to 200");
		}
		if (before == null || before.isBlank()) {
			return null;
		}
		try {
			return Long.parseLong(before.strip());
		}
		catch (NumberFormatException ex) {
			throw InvalidException.of("before", "the cursor 'next' of the previous page");
		}
	}

	/** The cursor of the next page: the last id of a full page, else null. */
	static @Nullable String next(int size, int limit, long lastId) {
		return size == limit ? String.valueOf(lastId) : null;
	}

}
