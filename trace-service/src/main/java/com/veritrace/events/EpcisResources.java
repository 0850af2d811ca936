package com.veritrace.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Scope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The GS1 REST binding's top-level resources ({@code /eventTypes}, {@code /epcs},
 * {@code /bizSteps}, {@code /bizLocations}, {@code /readPoints}, {@code /dispositions}):
 * the values present in the events a caller may see, keyset-paged in the database's order
 * of the values, and whether the caller sees some event with a given value.
 * <p>
 * Distinct values come from an index in its order (a loose index scan: one probe per
 * distinct value, whatever the number of events): {@code trace_event}'s column indexes
 * (V28) and {@code trace_event_epc}'s primary key. A caller who reads across tenants
 * (regulator, platform) gets them as they are; for another caller each batch of candidate
 * values is narrowed to those some visible event carries, with
 * {@link EpcisQueryService#where}'s visibility (one query a batch). A page examines at
 * most {@code veritrace.query.max-scan} candidate values: a caller who sees few of many
 * values may get a page with fewer than {@code perPage} members, or none, and a next-page
 * token all the same, as the query does.
 */
@Service
class EpcisResources {

	/** The five event types of EPCIS 2.0, all of them supported. */
	static final List<String> EVENT_TYPES = List.of("AggregationEvent", "AssociationEvent", "ObjectEvent",
			"TransactionEvent", "TransformationEvent");

	private static final String CBV = "https://ref.gs1.org/cbv/";

	private static final int BATCH = 500;

	/** The roles of {@code MATCH_anyEPC}: EPCs, parents, inputs and outputs. */
	private static final List<String> EPC_ROLES = List.of(EpcKeys.Role.EPC.code(), EpcKeys.Role.PARENT.code(),
			EpcKeys.Role.INPUT.code(), EpcKeys.Role.OUTPUT.code());

	/** A top-level resource: its path, the query parameter of its {@code /events}. */
	enum Resource {

		EVENT_TYPES("eventTypes", "eventType", null), EPCS("epcs", "MATCH_anyEPC", null),
		BIZ_STEPS("bizSteps", "EQ_bizStep", "biz_step"),
		BIZ_LOCATIONS("bizLocations", "EQ_bizLocation", "biz_location"),
		READ_POINTS("readPoints", "EQ_readPoint", "read_point"),
		DISPOSITIONS("dispositions", "EQ_disposition", "disposition");

		/** The path segments, as a path pattern alternation. */
		static final String PATHS = "eventTypes|epcs|bizSteps|bizLocations|readPoints|dispositions";

		final String path;

		final String parameter;

		final @Nullable String column;

		Resource(String path, String parameter, @Nullable String column) {
			this.path = path;
			this.parameter = parameter;
			this.column = column;
		}

		static Resource of(String path) {
			for (Resource r : values()) {
				if (r.path.equals(path)) {
					return r;
				}
			}
			throw new IllegalArgumentException(path);
		}

	}

	/** A page of values and the token of the next, if any. */
	record ValuePage(List<String> members, @Nullable String nextPageToken) {
	}

	private final JdbcTemplate jdbc;

	private final QueryProperties properties;

	private final PageToken tokens;

	EpcisResources(JdbcTemplate jdbc, QueryProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.tokens = new PageToken(EpcisQueryService.key(properties));
	}

	/**
	 * One page of the values of a resource the caller sees, as the REST binding lists
	 * them (CBV business steps and dispositions by their bare names, other values as
	 * stored: GS1 identifiers as canonical Digital Links).
	 */
	@Transactional(readOnly = true)
	ValuePage list(Caller caller, Resource resource, int perPage, @Nullable String token) {
		caller.require(Scope.READ);
		if (perPage < 1 || perPage > this.properties.maxPerPage()) {
			throw parameterProblem("perPage", "must be 1.." + this.properties.maxPerPage());
		}
		String after = token == null ? null : readToken(token, resource, caller);
		List<String> found = new ArrayList<>();
		String last = null;
		boolean exhausted = false;
		long scanned = 0;
		while (found.size() <= perPage && scanned < this.properties.maxScan()) {
			int asked = (int) Math.min(BATCH, this.properties.maxScan() - scanned);
			List<String> candidates = candidates(resource, last == null ? after : last, asked);
			if (candidates.isEmpty()) {
				exhausted = true;
				break;
			}
			scanned += candidates.size();
			Set<String> visible = new HashSet<>(resource == Resource.EVENT_TYPES || caller.readsAcrossTenants()
					? candidates : visibleAmong(caller, resource, candidates));
			for (String value : candidates) {
				last = value;
				if (visible.contains(value)) {
					found.add(value);
					if (found.size() > perPage) {
						break;
					}
				}
			}
			if (found.size() <= perPage && candidates.size() < asked) {
				exhausted = true;
				break;
			}
		}
		String next = null;
		if (found.size() > perPage) {
			found = new ArrayList<>(found.subList(0, perPage));
			next = issueToken(resource, caller, found.get(perPage - 1));
		}
		else if (!exhausted && last != null) {
			// the scan budget ended the page early: go on after the last value examined
			next = issueToken(resource, caller, last);
		}
		return new ValuePage(found.stream().map(v -> member(resource, v)).toList(), next);
	}

	/**
	 * Whether the caller sees an event with this value ({@code /{id}}), the value given
	 * in any form the query's parameter takes (a CBV bare name, URN or web URI; an EPC or
	 * location as URN or Digital Link); a value the query would refuse is no event's.
	 */
	@Transactional(readOnly = true)
	boolean exists(Caller caller, Resource resource, String id) {
		caller.require(Scope.READ);
		String stored = stored(resource, id);
		if (stored == null) {
			return false;
		}
		if (resource == Resource.EVENT_TYPES) {
			return EVENT_TYPES.contains(stored);
		}
		return !visibleAmong(caller, resource, List.of(stored)).isEmpty();
	}

	/**
	 * The stored form of a value, as the query canonicalises its parameter; null when it
	 * names no single value (several values, an EPC pattern, a malformed value).
	 */
	private static @Nullable String stored(Resource resource, String id) {
		EpcisQuery query;
		try {
			query = EpcisQuery.parse(Map.of(resource.parameter, List.of(id)));
		}
		catch (InvalidException ex) {
			// no event has a value the query would refuse
			return null;
		}
		if (query.criteria().size() != 1) {
			return null;
		}
		EpcisQuery.Criterion c = query.criteria().get(0);
		if (c instanceof EpcisQuery.ColumnIn in && in.values().size() == 1) {
			return in.values().iterator().next();
		}
		if (c instanceof EpcisQuery.EventTypes t && t.types().size() == 1) {
			return t.types().iterator().next();
		}
		if (c instanceof EpcisQuery.EpcMatch m && m.patterns().size() == 1) {
			return m.patterns().get(0).exact();
		}
		return null;
	}

	/** The distinct values after a value, in order, whoever reported them. */
	private List<String> candidates(Resource resource, @Nullable String after, int limit) {
		if (resource == Resource.EVENT_TYPES) {
			return EVENT_TYPES.stream().filter(t -> after == null || t.compareTo(after) > 0).limit(limit).toList();
		}
		List<Object> args = new ArrayList<>();
		String sql;
		if (resource == Resource.EPCS) {
			sql = "SELECT k.epc FROM trace_event_epc k WHERE k.role IN (" + EpcisQueryService.marks(EPC_ROLES.size())
					+ ")" + (after == null ? "" : " AND k.epc > ?") + " GROUP BY k.epc ORDER BY k.epc LIMIT ?";
			args.addAll(EPC_ROLES);
		}
		else {
			String column = "e." + resource.column;
			sql = "SELECT " + column + " FROM trace_event e WHERE " + column + " IS NOT NULL"
					+ (after == null ? "" : " AND " + column + " > ?") + " GROUP BY " + column + " ORDER BY " + column
					+ " LIMIT ?";
		}
		if (after != null) {
			args.add(after);
		}
		args.add(limit);
		return this.jdbc.queryForList(sql, String.class, args.toArray());
	}

	/**
	 * Those of the values some event the caller sees carries. Per value, first the
	 * caller's own events (an index probe: {@code (column, reporter_id)}, V28), then
	 * {@link EpcisQueryService#where}'s whole visibility rule, which the first only
	 * shortens.
	 */
	private List<String> visibleAmong(Caller caller, Resource resource, List<String> values) {
		EpcisQueryService.Sql where = EpcisQueryService.where(caller, EpcisQuery.parse(Map.of()));
		String from = resource == Resource.EPCS
				? "trace_event_epc k JOIN trace_event e ON e.id = k.event_row_id WHERE k.epc = c.candidate"
						+ " AND k.role IN (" + EpcisQueryService.marks(EPC_ROLES.size()) + ")"
				: "trace_event e WHERE e." + resource.column + " = c.candidate";
		List<Object> args = new ArrayList<>(values);
		// the candidates as a derived table read from the index they came from (typed
		// by their column: H2 refuses an untyped "SELECT ? AS candidate")
		String candidates = resource == Resource.EPCS
				? "SELECT DISTINCT epc AS candidate FROM trace_event_epc WHERE epc IN ("
						+ EpcisQueryService.marks(values.size()) + ")"
				: "SELECT DISTINCT " + resource.column + " AS candidate FROM trace_event WHERE " + resource.column
						+ " IN (" + EpcisQueryService.marks(values.size()) + ")";
		String sql = "SELECT c.candidate FROM (" + candidates + ") c WHERE EXISTS (SELECT 1 FROM " + from
				+ " AND e.reporter_id = ?)" + " OR EXISTS (SELECT 1 FROM " + from + " AND " + where.sql() + ")";
		if (resource == Resource.EPCS) {
			args.addAll(EPC_ROLES);
		}
		args.add(caller.organisationId());
		if (resource == Resource.EPCS) {
			args.addAll(EPC_ROLES);
		}
		args.addAll(where.args());
		return this.jdbc.queryForList(sql, String.class, args.toArray());
	}

	/** A value as the list shows it: a CBV term by its bare name. */
	static String member(Resource resource, String stored) {
		String prefix = switch (resource) {
			case BIZ_STEPS -> CBV + "BizStep-";
			case DISPOSITIONS -> CBV + "Disp-";
			default -> null;
		};
		return prefix != null && stored.startsWith(prefix) ? stored.substring(prefix.length()) : stored;
	}

	// ---------------------------------------------------------------- tokens

	/**
	 * {@code base64url(last value) "~" pageToken}: the page token binds a digest of the
	 * resource and the value (as its query fingerprint) to the caller's organisation.
	 */
	private String issueToken(Resource resource, Caller caller, String last) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8)) + "~"
				+ this.tokens.issue(fingerprint(resource, last), caller.organisationId(),
						new PageToken.Position(0, 0, 0));
	}

	private String readToken(String token, Resource resource, Caller caller) {
		try {
			int tilde = token.indexOf('~');
			String last = new String(Base64.getUrlDecoder().decode(token.substring(0, tilde)), StandardCharsets.UTF_8);
			this.tokens.read(token.substring(tilde + 1), fingerprint(resource, last), caller.organisationId());
			return last;
		}
		catch (RuntimeException ex) {
			throw parameterProblem("nextPageToken",
					"not a token this server issued for this list (repeat the request's parameters with it)");
		}
	}

	private static String fingerprint(Resource resource, String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((resource.path + "\n" + value).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static InvalidException parameterProblem(String field, String reason) {
		return InvalidException.of(EpcisQuery.PARAMETER_PROBLEM, "Query parameter exception",
				List.of(new FieldProblem(field, reason)));
	}

}
