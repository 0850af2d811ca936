package com.veritrace.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import com.veritrace.shared.ConflictException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.AuditLog;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.Scope;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * EPCIS 2.0 named queries ({@code /queries} of the REST binding): an organisation keeps a
 * query of the EPCIS query language under a name, runs it by name and subscribes to it. A
 * query belongs to the caller's organisation: names are unique per organisation and
 * another organisation's query is not found. Reading needs {@code read}, creating and
 * deleting {@code events:write}. The query is checked with {@link EpcisQuery#parse} when
 * it is created: a bad one is refused with every violation, as the query string of
 * {@code GET /events} would be. Deleting a query deletes its subscriptions (the
 * database's cascade: notify's subscriptions hang off this table).
 */
@Service
public class EpcisNamedQueries {

	/** A name already taken in the organisation. */
	public static final String EXISTS_PROBLEM = "epcisException:ResourceAlreadyExistsException";

	/** No such query (or another organisation's). */
	public static final String NO_SUCH_NAME_PROBLEM = "epcisException:NoSuchNameException";

	/**
	 * Names: 1 to 100 characters of {@code A-Z a-z 0-9 _ . ~ -} (the characters a URL
	 * path segment carries unescaped), not starting with {@code .}, {@code ~} or
	 * {@code -}.
	 */
	static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.~-]{0,99}");

	/** The longest definition kept (its JSON). */
	static final int MAX_DEFINITION = 16_000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcTemplate jdbc;

	private final AuditLog audit;

	private final Clock clock;

	EpcisNamedQueries(JdbcTemplate jdbc, AuditLog audit, Clock clock) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * A named query.
	 *
	 * @param id its row id (subscriptions refer to it)
	 * @param definition the query object as the client gave it
	 * @param query the definition parsed
	 */
	public record NamedQuery(long id, long organisationId, String name, JsonNode definition, EpcisQuery query,
			Instant createdAt) {

		/** As the REST binding shows it: {@code {"name": ..., "query": {...}}}. */
		public ObjectNode view() {
			ObjectNode node = JSON.createObjectNode();
			node.put("name", this.name);
			node.set("query", this.definition);
			return node;
		}

	}

	/** A page of an organisation's queries, by name. */
	public record Page(List<NamedQuery> queries, @Nullable String nextPageToken) {
	}

	/**
	 * Creates a named query from the body of {@code POST /queries}.
	 * @throws InvalidException {@code QueryParameterException} listing every problem of
	 * the name and the query
	 * @throws ConflictException {@code ResourceAlreadyExistsException} when the
	 * organisation has a query of that name
	 */
	@Transactional
	public NamedQuery create(Caller caller, @Nullable JsonNode body) {
		caller.require(Scope.EVENTS_WRITE);
		List<FieldProblem> errors = new ArrayList<>();
		String name = null;
		JsonNode definition = null;
		if (body == null || !body.isObject()) {
			errors.add(new FieldProblem("body", "a JSON object {\"name\": ..., \"query\": {...}}"));
		}
		else {
			JsonNode n = body.get("name");
			if (n == null || !n.isString()) {
				errors.add(new FieldProblem("name", "the query's name is required (a string)"));
			}
			else if (!NAME.matcher(n.asString()).matches()) {
				errors.add(new FieldProblem("name",
						"1 to 100 characters of A-Z a-z 0-9 _ . ~ -, " + "starting with a letter, a digit or _"));
			}
			else {
				name = n.asString();
			}
			for (var field : body.properties()) {
				if (!field.getKey().equals("name") && !field.getKey().equals("query")) {
					errors.add(new FieldProblem(field.getKey(), "unknown field (a named query has name and query)"));
				}
			}
			definition = body.get("query");
			if (definition == null || !definition.isObject()) {
				errors.add(new FieldProblem("query", "the query is required (a JSON object of query parameters)"));
				definition = null;
			}
			else {
				try {
					parse(definition);
				}
				catch (InvalidException ex) {
					ex.errors().forEach(e -> errors.add(new FieldProblem("query." + e.field(), e.reason())));
				}
				if (JSON.writeValueAsString(definition).length() > MAX_DEFINITION) {
					errors.add(new FieldProblem("query", "at most " + MAX_DEFINITION + " characters of JSON"));
				}
			}
		}
		if (!errors.isEmpty() || name == null || definition == null) {
			throw InvalidException.of(EpcisQuery.PARAMETER_PROBLEM, "Query parameter exception", errors);
		}
		long now = this.clock.millis();
		try {
			this.jdbc.update(
					"INSERT INTO epcis_named_query (organisation_id, name, definition, created_ms, created_by)"
							+ " VALUES (?, ?, ?, ?, ?)",
					caller.organisationId(), name, JSON.writeValueAsString(definition), now, caller.label());
		}
		catch (DuplicateKeyException ex) {
			throw new ConflictException(EXISTS_PROBLEM, "Resource already exists",
					"Your organisation has a query named '" + name + "' already",
					List.of(new FieldProblem("name", "taken")));
		}
		this.audit.record(caller, "epcis-query.create", name, null);
		NamedQuery created = find(caller.organisationId(), name);
		if (created == null) {
			throw new IllegalStateException("the query just stored is not found");
		}
		return created;
	}

	/**
	 * The caller's organisation's query of that name.
	 * @throws NotFoundException {@code NoSuchNameException} when it has none
	 */
	@Transactional(readOnly = true)
	public NamedQuery get(Caller caller, String name) {
		caller.require(Scope.READ);
		NamedQuery found = find(caller.organisationId(), name);
		if (found == null) {
			throw notFound(name);
		}
		return found;
	}

	/**
	 * An organisation's query of that name, if any (no scope checked: for the caller's
	 * own modules).
	 */
	@Transactional(readOnly = true)
	public @Nullable NamedQuery find(long organisationId, String name) {
		List<NamedQuery> found = this.jdbc
			.query("SELECT id, organisation_id, name, definition, created_ms FROM epcis_named_query"
					+ " WHERE organisation_id = ? AND name = ?", ROW, organisationId, name);
		return found.isEmpty() ? null : found.get(0);
	}

	/** A query by its row id, if it still exists (for subscriptions' deliveries). */
	@Transactional(readOnly = true)
	public @Nullable NamedQuery find(long id) {
		List<NamedQuery> found = this.jdbc.query(
				"SELECT id, organisation_id, name, definition, created_ms FROM epcis_named_query WHERE id = ?", ROW,
				id);
		return found.isEmpty() ? null : found.get(0);
	}

	/**
	 * The organisation's queries by name, {@code perPage} at a time.
	 * @throws InvalidException {@code QueryParameterException} for a bad token or perPage
	 */
	@Transactional(readOnly = true)
	public Page list(Caller caller, int perPage, @Nullable String token) {
		caller.require(Scope.READ);
		String after = "";
		if (token != null) {
			try {
				after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				throw InvalidException.of(EpcisQuery.PARAMETER_PROBLEM, "Query parameter exception",
						List.of(new FieldProblem("nextPageToken", "not a token this server issued")));
			}
		}
		List<NamedQuery> rows = this.jdbc.query(
				"SELECT id, organisation_id, name, definition, created_ms FROM epcis_named_query"
						+ " WHERE organisation_id = ? AND name > ? ORDER BY name LIMIT ?",
				ROW, caller.organisationId(), after, perPage + 1);
		if (rows.size() > perPage) {
			List<NamedQuery> shown = List.copyOf(rows.subList(0, perPage));
			return new Page(shown,
					Base64.getUrlEncoder()
						.withoutPadding()
						.encodeToString(shown.get(perPage - 1).name().getBytes(StandardCharsets.UTF_8)));
		}
		return new Page(rows, null);
	}

	/**
	 * Deletes the query and its subscriptions.
	 * @throws NotFoundException {@code NoSuchNameException} when the organisation has no
	 * query of that name
	 */
	@Transactional
	public void delete(Caller caller, String name) {
		caller.require(Scope.EVENTS_WRITE);
		if (this.jdbc.update("DELETE FROM epcis_named_query WHERE organisation_id = ? AND name = ?",
				caller.organisationId(), name) == 0) {
			throw notFound(name);
		}
		this.audit.record(caller, "epcis-query.delete", name, null);
	}

	/**
	 * A query object of the REST binding (query-schema.json: each parameter a string, a
	 * number, a boolean or an array of strings) as {@link EpcisQuery#parse} takes it:
	 * each array element one value, a number or boolean its JSON text.
	 * @throws InvalidException {@code QueryParameterException} naming every bad parameter
	 */
	public static EpcisQuery parse(JsonNode definition) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		List<FieldProblem> errors = new ArrayList<>();
		for (var field : definition.properties()) {
			JsonNode value = field.getValue();
			List<String> values = new ArrayList<>();
			if (value.isArray()) {
				for (JsonNode item : value) {
					if (item.isString() || item.isNumber() || item.isBoolean()) {
						values.add(item.asString());
					}
					else {
						errors.add(new FieldProblem(field.getKey(), "array elements must be strings"));
					}
				}
			}
			else if (value.isString() || value.isNumber() || value.isBoolean()) {
				values.add(value.asString());
			}
			else {
				errors.add(new FieldProblem(field.getKey(), "must be a string, a number, a boolean or an array"));
				continue;
			}
			parameters.put(field.getKey(), values);
		}
		if (parameters.containsKey("perPage") || parameters.containsKey("nextPageToken")) {
			for (String paging : List.of("perPage", "nextPageToken")) {
				if (parameters.remove(paging) != null) {
					errors.add(new FieldProblem(paging,
							"a paging parameter, not part of a query: give it to " + "GET /queries/{name}/events"));
				}
			}
		}
		EpcisQuery query = null;
		try {
			query = EpcisQuery.parse(parameters);
		}
		catch (InvalidException ex) {
			errors.addAll(ex.errors());
		}
		if (!errors.isEmpty() || query == null) {
			throw InvalidException.of(EpcisQuery.PARAMETER_PROBLEM, "Query parameter exception", errors);
		}
		return query;
	}

	private static NotFoundException notFound(String name) {
		return new NotFoundException(NO_SUCH_NAME_PROBLEM, "No such query",
				"Your organisation has no query named '" + name + "'");
	}

	private static final RowMapper<NamedQuery> ROW = (rs, n) -> {
		JsonNode definition = JSON.readTree(rs.getString("definition"));
		return new NamedQuery(rs.getLong("id"), rs.getLong("organisation_id"), rs.getString("name"), definition,
				parse(definition), Instant.ofEpochMilli(rs.getLong("created_ms")));
	};

}
