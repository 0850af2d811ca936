package com.veritrace.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.alert.AlertDraft;
import com.veritrace.alert.AlertKind;
import com.veritrace.alert.AlertService;
import com.veritrace.alert.Severity;
import com.veritrace.analytics.ScanHistory;
import com.veritrace.issuance.CodeRegistry;
import com.veritrace.scan.VerdictWatch;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.AuditLog;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.Scope;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Codes the evidence of their scans flagged as copied, and the brand's review of them: a
 * flag (from the scan page, off its request path) records the code and raises a
 * SUSPICIOUS_CODE alert once per code and day; a brand OPERATOR (or above: the scope
 * {@code codes:issue}) lists them, reads a code's scans, and clears it, confirms it a
 * copy, or voids a confirmed copy. Another brand's code answers 404, as if unknown.
 */
@Service
public class CodeReviewService {

	private static final Logger log = LoggerFactory.getLogger(CodeReviewService.class);

	/** Alerts on one code: once per day. */
	static final Duration ALERT_WINDOW = Duration.ofDays(1);

	static final int MAX_SCANS_SHOWN = 500;

	/** The states of a review. */
	public enum State {

		FLAGGED, CLEARED, CONFIRMED, VOIDED;

		static State parse(String text) {
			try {
				return valueOf(text.strip().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw InvalidException.of("state", "is one of FLAGGED, CLEARED, CONFIRMED, VOIDED");
			}
		}

	}

	/**
	 * A flagged code: its latest flag's evidence and the brand's decision.
	 *
	 * @param reason the rule that flagged it ({@code reason.too-many-places},
	 * {@code reason.burst})
	 */
	public record FlaggedCode(String gtin, String serial, @Nullable String lotNumber, State state, String reason,
			long scans, int clients, int networks, int places, @Nullable String region, Instant flaggedAt,
			Instant lastFlaggedAt, @Nullable Instant decidedAt, @Nullable String decidedBy) {
	}

	/**
	 * One logged scan, as a reviewer sees it: the client as the first characters of its
	 * (daily, opaque) key.
	 */
	public record ScanLine(Instant scannedAt, String verdict, @Nullable String region, @Nullable String place,
			@Nullable String agentFamily, @Nullable String client) {
	}

	/** Scans per region (null region: unknown), with distinct clients. */
	public record RegionCount(@Nullable String region, long scans, long clients) {
	}

	/** A flagged code with its scans: by region, and the latest ones. */
	public record CodeScans(FlaggedCode code, List<RegionCount> regions, List<ScanLine> scans) {
	}

	private final JdbcTemplate jdbc;

	private final CodeRegistry registry;

	private final AlertService alerts;

	private final AuditLog audit;

	private final Clock clock;

	CodeReviewService(JdbcTemplate jdbc, CodeRegistry registry, AlertService alerts, AuditLog audit, Clock clock) {
		this.jdbc = jdbc;
		this.registry = registry;
		this.alerts = alerts;
		this.audit = audit;
		this.clock = clock;
	}

	private static final String COLUMNS = "gtin, serial, lot_number, state, reason, scans, clients, networks, places, "
			+ "region, flagged_ms, last_flagged_ms, decided_ms, decided_by";

	private static final RowMapper<FlaggedCode> CODE = (rs, n) -> {
		long decided = rs.getLong(13);
		boolean undecided = rs.wasNull();
		return new FlaggedCode(rs.getString(1), rs.getString(2), rs.getString(3), State.valueOf(rs.getString(4)),
				rs.getString(5), rs.getLong(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getString(10),
				Instant.ofEpochMilli(rs.getLong(11)), Instant.ofEpochMilli(rs.getLong(12)),
				undecided ? null : Instant.ofEpochMilli(decided), rs.getString(14));
	};

	/** The brand's flagged codes in a state (all when null), latest flag first. */
	@Transactional(readOnly = true)
	public List<FlaggedCode> list(Caller caller, @Nullable String state, int limit) {
		requireReviewer(caller);
		int max = Math.max(1, Math.min(limit, 500));
		if (state == null || state.isBlank()) {
			return this.jdbc.query("SELECT " + COLUMNS + " FROM code_review WHERE brand_id = ? "
					+ "ORDER BY last_flagged_ms DESC, id DESC LIMIT " + max, CODE, caller.organisationId());
		}
		return this.jdbc.query(
				"SELECT " + COLUMNS + " FROM code_review WHERE brand_id = ? AND state = ? "
						+ "ORDER BY last_flagged_ms DESC, id DESC LIMIT " + max,
				CODE, caller.organisationId(), State.parse(state).name());
	}

	/** One flagged code of the brand with its scans; 404 for any other code. */
	@Transactional(readOnly = true)
	public CodeScans code(Caller caller, String gtin, String serial) {
		FlaggedCode code = find(caller, gtin, serial);
		List<RegionCount> regions = this.jdbc.query(
				"SELECT region, COUNT(*), COUNT(DISTINCT client) FROM scan_log WHERE gtin = ? AND serial = ? "
						+ "GROUP BY region ORDER BY COUNT(*) DESC LIMIT 100",
				(rs, n) -> new RegionCount(rs.getString(1), rs.getLong(2), rs.getLong(3)), code.gtin(), code.serial());
		List<ScanLine> scans = this.jdbc.query(
				"SELECT scanned_ms, verdict, region, place, agent_family, client FROM scan_log WHERE gtin = ? "
						+ "AND serial = ? ORDER BY scanned_ms DESC, id DESC LIMIT " + MAX_SCANS_SHOWN,
				(rs, n) -> new ScanLine(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3),
						rs.getString(4), rs.getString(5), shortClient(rs.getString(6))),
				code.gtin(), code.serial());
		return new CodeScans(code, regions, scans);
	}

	private static @Nullable String shortClient(@Nullable String client) {
		return client == null ? null : client.substring(0, Math.min(8, client.length()));
	}

	/**
	 * Clears a flagged (or confirmed) code: the page goes back to GENUINE_REPEAT for the
	 * evidence seen so far; more evidence flags it again.
	 */
	@Transactional
	public FlaggedCode clear(Caller caller, String gtin, String serial) {
		return decide(caller, gtin, serial, State.CLEARED, Set.of(State.FLAGGED, State.CONFIRMED));
	}

	/** Confirms a flagged (or cleared) code a copy: the page stays SUSPICIOUS. */
	@Transactional
	public FlaggedCode confirm(Caller caller, String gtin, String serial) {
		return decide(caller, gtin, serial, State.CONFIRMED, Set.of(State.FLAGGED, State.CLEARED));
	}

	/** Voids a confirmed copy in the code registry (as the registry's own voiding). */
	@Transactional
	public FlaggedCode voidCopy(Caller caller, String gtin, String serial) {
		FlaggedCode decided = decide(caller, gtin, serial, State.VOIDED, Set.of(State.CONFIRMED));
		this.registry.voidCodes(caller, List.of("https://id.gs1.org/01/" + decided.gtin() + "/21/" + decided.serial()));
		return decided;
	}

	private FlaggedCode decide(Caller caller, String gtin, String serial, State to, Set<State> from) {
		FlaggedCode code = find(caller, gtin, serial);
		if (!from.contains(code.state())) {
			throw new ConflictException("review-state", "Not possible in this state",
					"The code is " + code.state() + "; " + to + " needs it to be one of " + from);
		}
		long now = this.clock.millis();
		this.jdbc.update(
				"UPDATE code_review SET state = ?, decided_ms = ?, decided_by = ?, updated_ms = ?, "
						+ "cleared_clients = CASE WHEN ? = 'CLEARED' THEN clients ELSE cleared_clients END, "
						+ "cleared_places = CASE WHEN ? = 'CLEARED' THEN places ELSE cleared_places END "
						+ "WHERE brand_id = ? AND gtin = ? AND serial = ?",
				to.name(), now, caller.label(), now, to.name(), to.name(), caller.organisationId(), code.gtin(),
				code.serial());
		this.audit.record(caller, "code-review." + to.name().toLowerCase(Locale.ROOT),
				subject(code.gtin(), code.serial()),
				"was " + code.state() + "; " + code.clients() + " clients, " + code.places() + " places");
		log.info("Code {}/…{} of brand {}: {} -> {}", code.gtin(), mask(code.serial()), caller.organisationId(),
				code.state(), to);
		return find(caller, gtin, serial);
	}

	private FlaggedCode find(Caller caller, String gtin, String serial) {
		requireReviewer(caller);
		try {
			return this.jdbc.queryForObject(
					"SELECT " + COLUMNS + " FROM code_review WHERE brand_id = ? AND gtin = ? AND serial = ?", CODE,
					caller.organisationId(), gtin, serial);
		}
		catch (EmptyResultDataAccessException ex) {
			throw NotFoundException.of("Flagged code", "No flagged code GTIN " + gtin + " serial " + mask(serial));
		}
	}

	/** Brands review their own codes, with the scope of an OPERATOR. */
	static void requireReviewer(Caller caller) {
		if (caller.kind() != OrganisationKind.BRAND) {
			throw new ForbiddenException("brands-only", "Brands only", "Only a brand reviews its flagged codes");
		}
		caller.require(Scope.CODES_ISSUE);
	}

	/**
	 * Records codes the evidence flagged (newly, or again after they were cleared) and
	 * raises an alert for each; a code flagged already gets its latest evidence. Each
	 * code in its own transaction, so that one failure spoils no other.
	 */
	void flagged(List<VerdictWatch.Flagged> codes) {
		for (VerdictWatch.Flagged f : codes) {
			State before;
			try {
				before = this.jdbc.queryForObject("SELECT state FROM code_review WHERE gtin = ? AND serial = ?",
						(rs, n) -> State.valueOf(rs.getString(1)), f.gtin(), f.serial());
			}
			catch (EmptyResultDataAccessException ex) {
				before = null;
			}
			ScanHistory.Evidence e = f.history().evidence();
			this.jdbc.update("INSERT INTO code_review (brand_id, gtin, serial, lot_number, state, reason, scans, "
					+ "clients, networks, places, region, flagged_ms, last_flagged_ms, updated_ms) "
					+ "VALUES (?, ?, ?, ?, 'FLAGGED', ?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
					+ "state = CASE WHEN state = 'CLEARED' THEN 'FLAGGED' ELSE state END, reason = VALUES(reason), "
					+ "scans = VALUES(scans), clients = VALUES(clients), networks = VALUES(networks), "
					+ "places = VALUES(places), region = COALESCE(VALUES(region), region), "
					+ "last_flagged_ms = VALUES(last_flagged_ms), updated_ms = VALUES(updated_ms)", f.brandId(),
					f.gtin(), f.serial(), f.lot(), f.reason(), f.history().scans(), e.clients(), e.networks(),
					e.places(), f.region(), f.flaggedMs(), f.flaggedMs(), this.clock.millis());
			if (before == null || before == State.CLEARED) {
				raise(f);
			}
		}
	}

	private void raise(VerdictWatch.Flagged f) {
		ScanHistory.Evidence e = f.history().evidence();
		String subject = subject(f.gtin(), f.serial());
		Map<String, Object> evidence = new java.util.LinkedHashMap<>();
		evidence.put("gtin", f.gtin());
		evidence.put("serial", f.serial());
		if (f.lot() != null) {
			evidence.put("lot", f.lot());
		}
		evidence.put("rule", f.reason());
		evidence.put("distinctClients", e.clients());
		evidence.put("clientsInWindow", e.clientsInWindow());
		evidence.put("networks", e.networks());
		evidence.put("distinctPlaces", e.places());
		evidence.put("scans", f.history().scans());
		evidence.put("scansInWindow", f.history().scansInWindow());
		evidence.put("firstScanAt", f.history().firstScanAt().toString());
		if (f.region() != null) {
			evidence.put("region", f.region());
		}
		String masked = mask(f.serial());
		this.alerts
			.raise(new AlertDraft(f.brandId(), AlertKind.SUSPICIOUS_CODE, Severity.WARNING, subject, ALERT_WINDOW,
					Map.of("en", "Code may be copied: GTIN " + f.gtin() + " serial …" + masked, "zh-CN",
							"疑似被复制的码：GTIN " + f.gtin() + " 序列号 …" + masked),
					Map.of("en",
							e.clients() + " distinct clients in " + e.places() + " places (" + e.networks()
									+ " networks) confirmed scans of this code; " + f.history().scans()
									+ " page views in all. Review it: clear it, or confirm it a copy.",
							"zh-CN",
							e.clients() + " 个不同的客户端在 " + e.places() + " 个地点（" + e.networks() + " 个网络）确认扫描了此码；共 "
									+ f.history().scans() + " 次页面访问。请核查：排除嫌疑，或确认为仿冒。"),
					"/portal/flagged-codes/" + f.gtin() + "/" + f.serial(), evidence, f.gtin()));
	}

	static String subject(String gtin, String serial) {
		return "01/" + gtin + "/21/" + serial;
	}

	private static String mask(String serial) {
		return serial.length() <= 4 ? serial : serial.substring(serial.length() - 4);
	}

}
