package com.veritrace.ingest.connect;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The topic layout: one topic per partner organisation and stream,
 * {@code <prefix>.<organisationId>.<stream>} (e.g. {@code veritrace.42.wms-outbound}),
 * and its dead-letter topic {@code <topic>-dlt}. The reporting organisation is taken from
 * the topic name, never from the record: production ACLs let principal
 * {@code User:org-42} write only {@code <prefix>.42.*}, so a record can never claim to
 * come from someone else (see docs/INGEST.md).
 */
public final class PartnerTopics {

	/** Suffix of dead-letter topics. */
	public static final String DEAD_LETTER_SUFFIX = "-dlt";

	private final String prefix;

	private final Pattern pattern;

	public PartnerTopics(String prefix) {
		if (!prefix.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
			throw new IllegalArgumentException(
					"topic prefix '" + prefix + "' must be dot-separated [A-Za-z0-9_-] words");
		}
		this.prefix = prefix;
		String streams = Arrays.stream(IngestStream.values())
			.map(s -> Pattern.quote(s.streamName()))
			.collect(Collectors.joining("|"));
		// a full match: dead-letter topics (<topic>-dlt) and other streams are not
		// subscribed
		this.pattern = Pattern.compile(Pattern.quote(prefix) + "\\.([1-9][0-9]{0,17})\\.(" + streams + ")");
	}

	/** The subscription pattern (matched against whole topic names). */
	public Pattern pattern() {
		return this.pattern;
	}

	public String topic(long organisationId, IngestStream stream) {
		return this.prefix + "." + organisationId + "." + stream.streamName();
	}

	public static String deadLetterTopic(String topic) {
		return topic + DEAD_LETTER_SUFFIX;
	}

	/**
	 * The organisation and stream a topic belongs to, or empty if it is not a partner
	 * topic.
	 */
	public Optional<PartnerTopic> parse(String topic) {
		Matcher m = this.pattern.matcher(topic);
		if (!m.matches()) {
			return Optional.empty();
		}
		return Optional
			.of(new PartnerTopic(topic, Long.parseLong(m.group(1)), IngestStream.fromName(m.group(2)).orElseThrow()));
	}

	/** One partner topic: who reports on it, and in which format. */
	public record PartnerTopic(String topic, long organisationId, IngestStream stream) {
	}

}
