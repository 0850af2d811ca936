package com.veritrace.events;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.TooLargeException;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.Scope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs an {@link EpcisQuery} for a caller, one page at a time. SQL narrows: visibility,
 * the criteria on stored columns, and {@code MATCH_*} through the identifier index
 * ({@code trace_event_epc}); Java then checks every criterion on each candidate's JSON,
 * so SQL only ever needs to give a superset. Pages are keyset-paged on (order key, row
 * id): events stored meanwhile never shift a page, so no event is returned twice or
 * skipped. A query with criteria only Java evaluates examines at most
 * {@code veritrace.query.max-scan} rows per page; a page may then hold fewer than
 * {@code perPage} events and still carry a next-page token.
 * <p>
 * Visibility is {@link EventQueryService}'s: regulators and the platform read every
 * event; another caller the events its organisation reported and, for a brand, those
 * touching one of its GTINs.
 */
@Service
public class EpcisQueryService {

	/** The problem type of a result larger than {@code maxEventCount}. */
	public static final String TOO_LARGE_PROBLEM = "epcisException:QueryTooLargeException";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcTemplate jdbc;

	private final QueryProperties properties;

	private final PageToken tokens;

	EpcisQueryService(JdbcTemplate jdbc, QueryProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.tokens = new PageToken(key(properties));
	}

	/** One page of results and the token of the next page, if any. */
	public record Page(List<Result> events, @Nullable String nextPageToken) {
	}

	/** An event of a page: the stored row and its JSON. */
	public record Result(StoredEvent row, JsonNode event) {
	}

	public QueryProperties properties() {
		return this.properties;
	}

	/**
	 * One page of the query's results.
	 * @param perPage at most this many events (capped at
	 * {@code veritrace.query.max-per-page})
	 * @param token a {@code nextPageToken} of a previous page of the same query, or null
	 * @throws InvalidException {@code QueryParameterException} for a bad token
	 * @throws TooLargeException {@code QueryTooLargeException} when more events than
	 * {@code maxEventCount} match
	 */
	@Transactional(readOnly = true)
	public Page run(Caller caller, EpcisQuery query, int perPage, @Nullable String token) {
		caller.require(Scope.READ);
		if (perPage < 1 || perPage > this.properties.maxPerPage()) {
			throw InvalidException.of(EpcisQuery.PARAMETER_PROBLEM, "Query parameter exception",
					List.of(new FieldProblem("perPage", "must be 1.." + this.properties.maxPerPage())));
		}
		PageToken.Position position = null;
		if (token != null) {
			try {
				position = this.tokens.read(token, query.fingerprint(), caller.organisationId());
			}
			catch (IllegalArgumentException ex) {
				throw InvalidException.of(EpcisQuery.PARAMETER_PROBLEM, "Query parameter exception",
						List.of(new FieldProblem("nextPageToken", ex.getMessage())));
			}
		}
		else if (query.maxEventCount() != null) {
			checkCount(caller, query, query.maxEventCount());
		}
		long returned = position == null ? 0 : position.returned();
		int want = perPage;
		if (query.eventCountLimit() != null) {
			want = (int) Math.min(want, query.eventCountLimit() - returned);
			if (want <= 0) {
				return new Page(List.of(), null);
			}
		}
		List<Result> found = new ArrayList<>();
		Sql where = where(caller, query);
		int batch = query.javaOnly() ? Math.max(want + 1, 200) : want + 1;
		long scanned = 0;
		boolean exhausted = false;
		Result lastScanned = null;
		PageToken.Position after = position;
		while (found.size() <= want && scanned < this.properties.maxScan()) {
			List<StoredEvent> rows = candidates(where, query, after, batch);
			for (StoredEvent row : rows) {
				scanned++;
				JsonNode event = JSON.readTree(row.event());
				lastScanned = new Result(row, event);
				after = new PageToken.Position(orderKey(query, row), row.rowId(), 0);
				if (query.test(row, event)) {
					found.add(lastScanned);
					if (found.size() > want) {
						break;
					}
				}
			}
			if (rows.size() < batch) {
				exhausted = true;
				break;
			}
		}
		String next = null;
		if (found.size() > want) {
			found = new ArrayList<>(found.subList(0, want));
			next = token(query, caller, found.get(want - 1).row(), returned + want);
		}
		else if (!exhausted && lastScanned != null) {
			// the scan budget ended the page early: go on after the last row examined
			next = token(query, caller, lastScanned.row(), returned + found.size());
		}
		if (next != null && query.eventCountLimit() != null && returned + found.size() >= query.eventCountLimit()) {
			next = null;
		}
		return new Page(List.copyOf(found), next);
	}

	/** A position in record-time order: after this row (record time, then row id). */
	public record Cursor(long recordTimeMs, long rowId) {
	}

	/**
	 * Matching events after a cursor, in record-time order, and where the next call
	 * starts: after the last event returned when {@code limit} were found, else after the
	 * last row examined (so rows that do not match are not examined again).
	 */
	public record Batch(List<Result> events, Cursor next) {
	}

	/**
	 * The matching events recorded after {@code after} and before {@code beforeRecordMs},
	 * oldest first (record time, then row id), at most {@code limit}, for subscriptions:
	 * the query's {@code orderBy}, {@code eventCountLimit} and {@code maxEventCount} do
	 * not apply. Examines at most {@code veritrace.query.max-scan} rows a call.
	 */
	@Transactional(readOnly = true)
	public Batch since(Caller caller, EpcisQuery query, Cursor after, long beforeRecordMs, int limit) {
		caller.require(Scope.READ);
		Sql where = where(caller, query);
		List<Result> found = new ArrayList<>();
		Cursor position = after;
		int chunk = Math.max(limit + 1, 200);
		long scanned = 0;
		while (scanned < this.properties.maxScan()) {
			List<Object> args = new ArrayList<>(where.args());
			args.add(beforeRecordMs);
			args.add(position.recordTimeMs());
			args.add(position.recordTimeMs());
			args.add(position.rowId());
			args.add(chunk);
			List<StoredEvent> rows = this.jdbc.query("SELECT " + StoredEventReader.COLUMNS
					+ " FROM trace_event e WHERE " + where.sql() + " AND e.record_time_ms < ?"
					+ " AND (e.record_time_ms > ? OR (e.record_time_ms = ? AND e.id > ?))"
					+ " ORDER BY e.record_time_ms, e.id LIMIT ?", StoredEventReader.ROW, args.toArray());
			for (StoredEvent row : rows) {
				scanned++;
				JsonNode event = JSON.readTree(row.event());
				position = new Cursor(row.recordTime().toEpochMilli(), row.rowId());
				if (query.test(row, event)) {
					found.add(new Result(row, event));
					if (found.size() == limit) {
						return new Batch(List.copyOf(found), position);
					}
				}
			}
			if (rows.size() < chunk) {
				break;
			}
		}
		return new Batch(List.copyOf(found), position);
	}

	private String token(EpcisQuery query, Caller caller, StoredEvent last, long returned) {
		return this.tokens.issue(query.fingerprint(), caller.organisationId(),
				new PageToken.Position(orderKey(query, last), last.rowId(), returned));
	}

	private static long orderKey(EpcisQuery query, StoredEvent row) {
		return (query.order().field() == EpcisQuery.OrderField.EVENT_TIME ? row.eventTime() : row.recordTime())
			.toEpochMilli();
	}

	/** QueryTooLargeException when more than {@code max} events match. */
	private void checkCount(Caller caller, EpcisQuery query, int max) {
		Sql where = where(caller, query);
		long matches = 0;
		if (!query.javaOnly()) {
			List<Object> args = new ArrayList<>(where.args());
			args.add(max + 1);
			Long n = this.jdbc.queryForObject(
					"SELECT COUNT(*) FROM (SELECT e.id FROM trace_event e WHERE " + where.sql() + " LIMIT ?) c",
					Long.class, args.toArray());
			matches = n == null ? 0 : n;
		}
		else {
			PageToken.Position after = null;
			long scanned = 0;
			while (matches <= max) {
				List<StoredEvent> rows = candidates(where, query, after, 500);
				for (StoredEvent row : rows) {
					scanned++;
					after = new PageToken.Position(orderKey(query, row), row.rowId(), 0);
					if (query.test(row, JSON.readTree(row.event()))) {
						matches++;
					}
				}
				if (rows.size() < 500) {
					break;
				}
				if (scanned >= this.properties.maxScan()) {
					throw tooLarge("more candidate events than this server examines to count them ("
							+ this.properties.maxScan() + "); narrow the query");
				}
			}
		}
		if (matches > max) {
			throw tooLarge("more than maxEventCount (" + max + ") events match");
		}
	}

	private static TooLargeException tooLarge(String detail) {
		return new TooLargeException(TOO_LARGE_PROBLEM, "Query too large", detail,
				List.of(new FieldProblem("maxEventCount", detail)));
	}

	private List<StoredEvent> candidates(Sql where, EpcisQuery query, PageToken.@Nullable Position after, int limit) {
		boolean asc = query.order().ascending();
		String column = query.order().field() == EpcisQuery.OrderField.EVENT_TIME ? "e.event_time_ms"
				: "e.record_time_ms";
		StringBuilder sql = new StringBuilder("SELECT " + StoredEventReader.COLUMNS + " FROM trace_event e WHERE ")
			.append(where.sql());
		List<Object> args = new ArrayList<>(where.args());
		if (after != null) {
			String cmp = asc ? ">" : "<";
			sql.append(" AND (")
				.append(column)
				.append(' ')
				.append(cmp)
				.append(" ? OR (")
				.append(column)
				.append(" = ? AND e.id ")
				.append(cmp)
				.append(" ?))");
			args.add(after.orderKey());
			args.add(after.orderKey());
			args.add(after.rowId());
		}
		String dir = asc ? "" : " DESC";
		sql.append(" ORDER BY ").append(column).append(dir).append(", e.id").append(dir).append(" LIMIT ?");
		args.add(limit);
		return this.jdbc.query(sql.toString(), StoredEventReader.ROW, args.toArray());
	}

	/** A WHERE clause and its arguments. */
	record Sql(String sql, List<Object> args) {
	}

	/** Visibility and every criterion SQL can evaluate. */
	static Sql where(Caller caller, EpcisQuery query) {
		StringBuilder sql = new StringBuilder("1 = 1");
		List<Object> args = new ArrayList<>();
		if (!caller.readsAcrossTenants()) {
			sql.append(" AND (e.reporter_id = ?");
			args.add(caller.organisationId());
			if (caller.kind() == OrganisationKind.BRAND) {
				sql.append(" OR EXISTS (SELECT 1 FROM trace_event_item vi JOIN product vp ON vp.gtin = vi.gtin"
						+ " WHERE vi.event_row_id = e.id AND vp.brand_id = ?)"
						+ " OR EXISTS (SELECT 1 FROM trace_event_lot vl JOIN product vq ON vq.gtin = vl.gtin"
						+ " WHERE vl.event_row_id = e.id AND vq.brand_id = ?)");
				args.add(caller.organisationId());
				args.add(caller.organisationId());
			}
			sql.append(')');
		}
		Long from = null;
		Long to = null;
		for (EpcisQuery.Criterion c : query.criteria()) {
			if (c instanceof EpcisQuery.TimeBound t && t.field() == EpcisQuery.OrderField.EVENT_TIME) {
				from = t.lowerBound() ? max(from, t.epochMs()) : from;
				to = t.lowerBound() ? to : min(to, t.epochMs());
			}
		}
		for (EpcisQuery.Criterion c : query.criteria()) {
			if (c instanceof EpcisQuery.EventTypes t) {
				in(sql, "e.event_type", t.types(), args);
			}
			else if (c instanceof EpcisQuery.TimeBound t) {
				sql.append(t.field() == EpcisQuery.OrderField.EVENT_TIME ? " AND e.event_time_ms"
						: " AND e.record_time_ms")
					.append(t.lowerBound() ? " >= ?" : " < ?");
				args.add(t.epochMs());
			}
			else if (c instanceof EpcisQuery.ColumnIn in) {
				if (in.column() == EpcisQuery.Column.EVENT_ID) {
					List<byte[]> digests = new ArrayList<>();
					in.values().forEach(v -> {
						byte[] d = EventQueryService.digestOf(v);
						if (d != null) {
							digests.add(d);
						}
					});
					sql.append(" AND (e.event_id IN (").append(marks(in.values().size())).append(')');
					args.addAll(in.values());
					if (!digests.isEmpty()) {
						sql.append(" OR e.event_hash IN (").append(marks(digests.size())).append(')');
						args.addAll(digests);
					}
					sql.append(')');
				}
				else {
					in(sql, "e." + in.column().sql, in.values(), args);
				}
			}
			else if (c instanceof EpcisQuery.EpcMatch m) {
				sql.append(" AND e.id IN (SELECT k.event_row_id FROM trace_event_epc k WHERE k.role IN (")
					.append(marks(m.roles().size()))
					.append(") AND (");
				m.roles().forEach(r -> args.add(r.code()));
				for (int i = 0; i < m.patterns().size(); i++) {
					EpcPattern p = m.patterns().get(i);
					sql.append(i == 0 ? "" : " OR ");
					if (p.exact() != null) {
						sql.append("k.epc = ?");
						args.add(p.exact());
					}
					else {
						sql.append("k.epc LIKE ? ESCAPE '!'");
						args.add(p.like());
					}
				}
				sql.append(')');
				if (from != null) {
					sql.append(" AND k.event_time_ms >= ?");
					args.add(from);
				}
				if (to != null) {
					sql.append(" AND k.event_time_ms < ?");
					args.add(to);
				}
				sql.append(')');
			}
		}
		return new Sql(sql.toString(), List.copyOf(args));
	}

	private static void in(StringBuilder sql, String column, java.util.Collection<String> values, List<Object> args) {
		sql.append(" AND ").append(column).append(" IN (").append(marks(values.size())).append(')');
		args.addAll(values);
	}

	static String marks(int n) {
		return String.join(",", Collections.nCopies(n, "?"));
	}

	private static Long max(@Nullable Long a, long b) {
		return a == null ? b : Math.max(a, b);
	}

	private static Long min(@Nullable Long a, long b) {
		return a == null ? b : Math.min(a, b);
	}

	static byte[] key(QueryProperties properties) {
		if (properties.pageTokenKey() == null) {
			byte[] key = new byte[32];
			new SecureRandom().nextBytes(key);
			return key;
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(properties.pageTokenKey());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("veritrace.query.page-token-key is not base64");
		}
		if (key.length < 32) {
			throw new IllegalStateException("veritrace.query.page-token-key must be at least 32 bytes (base64)");
		}
		return key;
	}

}
