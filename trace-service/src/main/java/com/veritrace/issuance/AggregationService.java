package com.veritrace.issuance;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.codes.InvalidCodeException;
import com.veritrace.codes.Sscc;
import com.veritrace.events.Containments;
import com.veritrace.events.EventRecorder;
import com.veritrace.ingest.EpcisDocumentParser;
import com.veritrace.ingest.EventHasher;
import com.veritrace.ingest.EventSink;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.Scope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cases and pallets: a brand puts item codes (or other cases) into an SSCC and takes them
 * out again. Each change is an EPCIS AggregationEvent (ADD / DELETE) recorded through the
 * {@link EventRecorder}, which checks grants, dedupes on the event hash and keeps the
 * containment history that timelines use (an event on the pallet counts for every item
 * inside it at that time).
 */
@Service
public class AggregationService {

	private static final Logger log = LoggerFactory.getLogger(AggregationService.class);

	private static final String PACKING = "packing";

	private static final String UNPACKING = "unpacking";

	private final JdbcTemplate jdbc;

	private final CodeRegistry registry;

	private final EventRecorder recorder;

	private final Containments containments;

	private final EpcisDocumentParser parser;

	private final EventHasher hasher = new EventHasher();

	private final CodesProperties properties;

	private final Clock clock;

	AggregationService(JdbcTemplate jdbc, CodeRegistry registry, EventRecorder recorder, Containments containments,
			EpcisDocumentParser parser, CodesProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.registry = registry;
		this.recorder = recorder;
		this.containments = containments;
		this.parser = parser;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * The result: the SSCC, the event's hash ID, whether it was new, and the container's
	 * contents after it.
	 */
	public record Result(String sscc, String eventHash, boolean duplicate, List<String> contents) {
	}

	/**
	 * Packs children (item codes, or SSCCs of the caller's cases) into the SSCC. An item
	 * must be an issued, not voided, code of the caller's products and not already inside
	 * another container.
	 */
	@Transactional
	public Result aggregate(Caller caller, String ssccText, List<String> children, @Nullable Instant eventTime,
			@Nullable String readPoint) {
		requireBrandReporter(caller);
		Sscc sscc = parseSscc("sscc", ssccText);
		claim(caller, sscc);
		List<String> keys = new ArrayList<>();
		List<String> uris = new ArrayList<>();
		List<ItemCode> items = new ArrayList<>();
		List<FieldProblem> errors = new ArrayList<>();
		if (children.isEmpty() || children.size() > this.properties.maxListSize()) {
			throw InvalidException.of("children",
					"must name 1 to " + this.properties.maxListSize() + " codes, found " + children.size());
		}
		List<Integer> itemPositions = new ArrayList<>();
		for (int i = 0; i < children.size(); i++) {
			String text = children.get(i) == null ? "" : children.get(i).strip();
			try {
				if (looksLikeSscc(text)) {
					Sscc child = ItemCode.sscc(text);
					if (child.value().equals(sscc.value())) {
						errors.add(new FieldProblem("children[" + i + "]", "a container cannot hold itself"));
						continue;
					}
					requireOwnContainer(caller, child, "children[" + i + "]", errors);
					keys.add("00/" + child.value());
					uris.add("https://id.gs1.org/00/" + child.value());
				}
				else {
					ItemCode item = ItemCode.parse(text);
					items.add(item);
					itemPositions.add(i);
					keys.add(item.key());
					uris.add(item.canonicalUri());
				}
			}
			catch (InvalidCodeException ex) {
				errors.add(new FieldProblem("children[" + i + "]", ex.getMessage()));
			}
		}
		if (!errors.isEmpty()) {
			throw InvalidException.of(errors);
		}
		this.registry.requireOwner(caller, items);
		Map<ItemCode, CodeStatus> statuses = this.registry.statuses(items);
		for (int j = 0; j < items.size(); j++) {
			CodeStatus status = statuses.get(items.get(j));
			if (status == null || status == CodeStatus.VOIDED) {
				errors.add(new FieldProblem("children[" + itemPositions.get(j) + "]",
						status == null ? "not an issued code" : "the code is voided"));
			}
		}
		if (!errors.isEmpty()) {
			throw InvalidException.of(errors);
		}
		List<String> elsewhere = this.containments.otherContainersHolding(sscc.value(), keys);
		if (!elsewhere.isEmpty()) {
			throw ConflictException.of("Some children are inside another container (" + String.join(", ", elsewhere)
					+ "); disaggregate them first", "children");
		}
		Result result = record(caller, sscc, "ADD", PACKING, uris, eventTime, readPoint);
		log.info("Aggregated {} children into SSCC {} for brand {}", keys.size(), sscc, caller.organisationId());
		return result;
	}

	/** Takes children out of the SSCC (all of them when {@code children} is empty). */
	@Transactional
	public Result disaggregate(Caller caller, String ssccText, List<String> children, @Nullable Instant eventTime,
			@Nullable String readPoint) {
		requireBrandReporter(caller);
		Sscc sscc = parseSscc("sscc", ssccText);
		requireOwnContainer(caller, sscc, "sscc", null);
		Set<String> inside = new HashSet<>(contentKeys(sscc.value()));
		List<String> uris = new ArrayList<>();
		List<FieldProblem> errors = new ArrayList<>();
		if (children.isEmpty()) {
			if (inside.isEmpty()) {
				throw ConflictException.of("SSCC " + sscc + " is empty", "sscc");
			}
			for (String key : inside) {
				uris.add(uriOfKey(key));
			}
		}
		else {
			if (children.size() > this.properties.maxListSize()) {
				throw InvalidException.of("children",
						"at most " + this.properties.maxListSize() + " codes per request");
			}
			for (int i = 0; i < children.size(); i++) {
				String text = children.get(i) == null ? "" : children.get(i).strip();
				try {
					String key = looksLikeSscc(text) ? "00/" + ItemCode.sscc(text).value() : ItemCode.parse(text).key();
					if (!inside.contains(key)) {
						errors.add(new FieldProblem("children[" + i + "]", "is not inside SSCC " + sscc));
					}
					else {
						uris.add(uriOfKey(key));
					}
				}
				catch (InvalidCodeException ex) {
					errors.add(new FieldProblem("children[" + i + "]", ex.getMessage()));
				}
			}
		}
		if (!errors.isEmpty()) {
			throw InvalidException.of(errors);
		}
		Result result = record(caller, sscc, "DELETE", UNPACKING, uris, eventTime, readPoint);
		log.info("Disaggregated {} children from SSCC {} for brand {}", uris.size(), sscc, caller.organisationId());
		return result;
	}

	/** The container's current contents (owner only). */
	@Transactional(readOnly = true)
	public List<String> contents(Caller caller, String ssccText) {
		caller.require(Scope.READ);
		Sscc sscc = parseSscc("sscc", ssccText);
		requireOwnContainer(caller, sscc, "sscc", null);
		return contentKeys(sscc.value()).stream().map(AggregationService::uriOfKey).toList();
	}

	private Result record(Caller caller, Sscc sscc, String action, String bizStep, List<String> uris,
			@Nullable Instant eventTime, @Nullable String readPoint) {
		Instant time = eventTime != null ? eventTime : this.clock.instant();
		StringBuilder json = new StringBuilder(256 + uris.size() * 64);
		json.append("{\"type\":\"AggregationEvent\",\"eventTime\":\"")
			.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(time, ZoneOffset.UTC)))
			.append("\",\"eventTimeZoneOffset\":\"+00:00\",\"parentID\":\"https://id.gs1.org/00/")
			.append(sscc.value())
			.append("\",\"childEPCs\":[");
		for (int i = 0; i < uris.size(); i++) {
			json.append(i == 0 ? "" : ",").append('"').append(uris.get(i)).append('"');
		}
		json.append("],\"action\":\"").append(action).append("\",\"bizStep\":\"").append(bizStep).append('"');
		if (readPoint != null && !readPoint.isBlank()) {
			json.append(",\"readPoint\":{\"id\":").append(jsonString(readPoint.strip())).append('}');
		}
		json.append('}');
		List<EventSink.HashedEvent> hashed = this.parser.parse(json.toString())
			.events()
			.stream()
			.map(e -> new EventSink.HashedEvent(e, this.hasher.hash(e)))
			.toList();
		EventSink.Outcome outcome = this.recorder.record(caller.organisationId(), hashed).get(0);
		if (outcome.status() == EventSink.Status.REJECTED) {
			throw new ForbiddenException("not-granted", "Not granted", String.valueOf(outcome.reason()));
		}
		String hashId = "ni:///" + outcome.hash().algorithm().niName() + ";"
				+ java.util.HexFormat.of().formatHex(outcome.hash().digest()) + "?ver=CBV2.0";
		return new Result(sscc.value(), hashId, outcome.status() == EventSink.Status.DUPLICATE,
				contentKeys(sscc.value()).stream().map(AggregationService::uriOfKey).toList());
	}

	private List<String> contentKeys(String sscc) {
		return this.containments.contentsOf(sscc);
	}

	/**
	 * The first brand to pack into an SSCC owns it; another brand gets 409: an SSCC is
	 * unique (its company prefix names its owner), so that it is taken cannot be hidden,
	 * but nothing about the container is told.
	 */
	private void claim(Caller caller, Sscc sscc) {
		this.jdbc.update("INSERT IGNORE INTO code_container (sscc, brand_id, created_ms) VALUES (?,?,?)", sscc.value(),
				caller.organisationId(), this.clock.millis());
		List<Long> owner = this.jdbc.queryForList("SELECT brand_id FROM code_container WHERE sscc = ?", Long.class,
				sscc.value());
		if (owner.isEmpty() || owner.get(0) != caller.organisationId()) {
			throw ConflictException.of("SSCC " + sscc + " is already in use by another organisation", "sscc");
		}
	}

	private void requireOwnContainer(Caller caller, Sscc sscc, String field, @Nullable List<FieldProblem> errors) {
		List<Long> owner = this.jdbc.queryForList("SELECT brand_id FROM code_container WHERE sscc = ?", Long.class,
				sscc.value());
		// another organisation's container is answered as none (no existence oracle)
		if (owner.isEmpty() || owner.get(0) != caller.organisationId()) {
			if (errors == null) {
				throw NotFoundException.of("Container", "No container with SSCC " + sscc);
			}
			errors.add(new FieldProblem(field, "SSCC " + sscc + " is not a container of yours (pack it first)"));
		}
	}

	private static Sscc parseSscc(String field, String text) {
		try {
			return ItemCode.sscc(text);
		}
		catch (InvalidCodeException ex) {
			throw InvalidException.of(field, ex.getMessage());
		}
	}

	private static boolean looksLikeSscc(String text) {
		return (text.length() == 18 && text.chars().allMatch(Character::isDigit)) || text.startsWith("urn:epc:id:sscc:")
				|| text.contains("/00/");
	}

	static String uriOfKey(String key) {
		return "https://id.gs1.org/" + key;
	}

	private static String jsonString(String text) {
		StringBuilder sb = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> sb.append("\\\"");
				case '\\' -> sb.append("\\\\");
				default -> {
					if (c < 0x20) {
						sb.append(String.format("\\u%04x", (int) c));
					}
					else {
						sb.append(c);
					}
				}
			}
		}
		return sb.append('"').toString();
	}

	private static void requireBrandReporter(Caller caller) {
		if (caller.kind() != OrganisationKind.BRAND) {
			throw ForbiddenException.of("Only brands pack their codes through this API; partners report "
					+ "AggregationEvents through EPCIS capture");
		}
		caller.require(Scope.EVENTS_WRITE);
	}

}
