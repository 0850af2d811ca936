package com.veritrace.issuance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.veritrace.catalog.CatalogService;
import com.veritrace.codes.Gtin;
import com.veritrace.codes.InvalidCodeException;
import com.veritrace.codes.NmpaDrugCode;
import com.veritrace.shared.ConflictException;
import com.veritrace.shared.FieldProblem;
import com.veritrace.shared.ForbiddenException;
import com.veritrace.shared.InvalidException;
import com.veritrace.shared.NotFoundException;
import com.veritrace.tenancy.AuditLog;
import com.veritrace.tenancy.Caller;
import com.veritrace.tenancy.OrganisationKind;
import com.veritrace.tenancy.Scope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The code registry: what state a code is in, and the packing line's changes to it
 * (activation, voiding). A serial that fails its keyed check is
 * {@link CodeStatus#UNKNOWN_CODE} without any database read; codes of a job that has not
 * COMPLETED are unknown too.
 */
@Service
public class CodeRegistry {

	private static final Logger log = LoggerFactory.getLogger(CodeRegistry.class);

	private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

	private final JdbcTemplate jdbc;

	private final SerialKeys keys;

	private final CatalogService catalog;

	private final CodesProperties properties;

	private final AuditLog audit;

	CodeRegistry(JdbcTemplate jdbc, SerialKeys keys, CatalogService catalog, CodesProperties properties,
			AuditLog audit) {
		this.audit = audit;
		this.jdbc = jdbc;
		this.keys = keys;
		this.catalog = catalog;
		this.properties = properties;
	}

	/** A code's registry entry, as the scan page and the brand see it. */
	public record Entry(String gtin, String serial, CodeStatus status, @Nullable String lotNumber, @Nullable Long jobId,
			@Nullable Integer seq) {
	}

	/**
	 * True when the serial carries a valid keyed check for this GTIN (a 16-character
	 * serial, an SGTIN-96 number or a 20-digit drug code), computed without the database.
	 * A code that passes may still be unknown (never issued); one that fails is certainly
	 * not Veritrace's.
	 */
	public boolean passesCheck(String gtinText, String serial) {
		String gtin;
		try {
			gtin = Gtin.parse(gtinText).value();
		}
		catch (InvalidCodeException ex) {
			return false;
		}
		SerialKeys.PerGtin perGtin = this.keys.forGtin(gtin);
		if (serial.length() == 16 && serial.chars().allMatch(c -> CROCKFORD.indexOf(c) >= 0)) {
			return perGtin.verifier().isAuthentic(serial);
		}
		if (serial.length() == 20 && serial.chars().allMatch(Character::isDigit)) {
			return perGtin.numeric().isAuthenticNmpa(NmpaDrugCode.parse(serial));
		}
		if (serial.length() <= 12 && !serial.isEmpty() && serial.chars().allMatch(Character::isDigit)) {
			return perGtin.numeric().isAuthenticSgtin96(serial);
		}
		return false;
	}

	/**
	 * The status of one code: UNKNOWN_CODE (forged: no database read; or never issued),
	 * ISSUED, ACTIVE or VOIDED.
	 */
	@Transactional(readOnly = true)
	public CodeStatus status(String gtin, String serial) {
		return entry(gtin, serial).status();
	}

	/**
	 * The registry entry of one code (status UNKNOWN_CODE and no lot when not issued).
	 */
	@Transactional(readOnly = true)
	public Entry entry(String gtinText, String serial) {
		if (!passesCheck(gtinText, serial)) {
			return new Entry(gtinText, serial, CodeStatus.UNKNOWN_CODE, null, null, null);
		}
		String gtin = Gtin.parse(gtinText).value();
		List<Entry> found = this.jdbc.query("SELECT c.status, j.lot_number, c.job_id, c.seq FROM issued_code c "
				+ "JOIN code_job j ON j.id = c.job_id WHERE c.gtin = ? AND c.serial = ? AND j.status = 'COMPLETED'",
				(rs, n) -> new Entry(gtin, serial, CodeStatus.valueOf(rs.getString(1)), rs.getString(2), rs.getLong(3),
						rs.getInt(4)),
				gtin, serial);
		return found.isEmpty() ? new Entry(gtin, serial, CodeStatus.UNKNOWN_CODE, null, null, null) : found.get(0);
	}

	/** The entry for the brand (or a regulator): 403 for another brand's GTIN. */
	@Transactional(readOnly = true)
	public Entry entry(Caller caller, String gtinText, String serial) {
		this.catalog.requireReadable(caller, gtinText);
		return entry(gtinText, serial);
	}

	/**
	 * One code of the caller's brand, from what a scanner gives (a Digital Link, an EPC
	 * URN, a 24-hex SGTIN-96): its registry entry. A code that is not the caller's (a
	 * GTIN of another brand), never issued or forged answers the same 404.
	 * @throws InvalidException when the text is not a serialised item code
	 */
	@Transactional(readOnly = true)
	public Entry lookup(Caller caller, String codeText) {
		caller.require(Scope.READ);
		ItemCode code;
		String text = codeText.strip();
		if (text.startsWith("01/") || text.startsWith("/01/")) {
			// a Digital Link path without its host
			text = DigitalLinkHost.PLACEHOLDER + (text.startsWith("/") ? "" : "/") + text;
		}
		try {
			code = ItemCode.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw InvalidException.of("code", ex.getMessage());
		}
		boolean own = this.catalog.findByGtin(code.gtin())
			.filter(product -> product.getBrandId() == caller.organisationId())
			.isPresent();
		Entry entry = own ? entry(code.gtin(), code.serial()) : null;
		if (entry == null || entry.status() == CodeStatus.UNKNOWN_CODE) {
			throw NotFoundException.of("Code", "No code GTIN " + code.gtin() + " serial " + mask(code.serial()));
		}
		return entry;
	}

	private static final class DigitalLinkHost {

		static final String PLACEHOLDER = "https://id.invalid";

	}

	/** What a bulk change did. */
	public record Change(int requested, int changed, int unchanged) {
	}

	/**
	 * Activates listed codes (ISSUED -> ACTIVE); all or nothing: an unknown or voided
	 * code refuses the request.
	 */
	@Transactional
	public Change activate(Caller caller, List<String> codes) {
		return change(caller, codes, true);
	}

	/**
	 * Voids listed codes (ISSUED or ACTIVE -> VOIDED); all or nothing: an unknown code
	 * refuses the request.
	 */
	@Transactional
	public Change voidCodes(Caller caller, List<String> codes) {
		return change(caller, codes, false);
	}

	/**
	 * Activates positions {@code from..to} (1-based, inclusive) of a completed job;
	 * voided ones stay voided.
	 */
	@Transactional
	public Change activateRange(Caller caller, long jobId, int from, int to) {
		return changeRange(caller, jobId, from, to, true);
	}

	/** Voids positions {@code from..to} of a completed job (a damaged roll of labels). */
	@Transactional
	public Change voidRange(Caller caller, long jobId, int from, int to) {
		return changeRange(caller, jobId, from, to, false);
	}

	/**
	 * Statuses of issued codes (completed jobs), for the brand's own checks; missing
	 * codes are absent.
	 */
	Map<ItemCode, CodeStatus> statuses(List<ItemCode> codes) {
		Map<String, List<ItemCode>> byGtin = new LinkedHashMap<>();
		for (ItemCode code : codes) {
			byGtin.computeIfAbsent(code.gtin(), g -> new ArrayList<>()).add(code);
		}
		Map<ItemCode, CodeStatus> out = new HashMap<>();
		for (Map.Entry<String, List<ItemCode>> group : byGtin.entrySet()) {
			List<ItemCode> list = group.getValue();
			for (int i = 0; i < list.size(); i += 500) {
				List<ItemCode> chunk = list.subList(i, Math.min(list.size(), i + 500));
				Object[] args = new Object[chunk.size() + 1];
				args[0] = group.getKey();
				for (int j = 0; j < chunk.size(); j++) {
					args[j + 1] = chunk.get(j).serial();
				}
				this.jdbc.query("SELECT c.serial, c.status FROM issued_code c JOIN code_job j ON j.id = c.job_id "
						+ "WHERE c.gtin = ? AND j.status = 'COMPLETED' AND c.serial IN ("
						+ String.join(",", Collections.nCopies(chunk.size(), "?")) + ")", rs -> {
							out.put(new ItemCode(group.getKey(), rs.getString(1)), CodeStatus.valueOf(rs.getString(2)));
						}, args);
			}
		}
		return out;
	}

	/**
	 * Checks that the caller is the brand owning every GTIN (404 naming the first that is
	 * not, as if unknown).
	 */
	void requireOwner(Caller caller, List<ItemCode> codes) {
		Map<String, Boolean> checked = new HashMap<>();
		for (ItemCode code : codes) {
			checked.computeIfAbsent(code.gtin(), gtin -> {
				this.catalog.findByGtin(gtin)
					.filter(product -> product.getBrandId() == caller.organisationId())
					.orElseThrow(() -> CatalogService.notFound(gtin));
				return true;
			});
		}
	}

	private Change change(Caller caller, List<String> texts, boolean activate) {
		requireBrand(caller);
		List<ItemCode> codes = ItemCode.parseAll("codes", texts, this.properties.maxListSize());
		requireOwner(caller, codes);
		Map<ItemCode, CodeStatus> statuses = statuses(codes);
		List<FieldProblem> errors = new ArrayList<>();
		List<ItemCode> toChange = new ArrayList<>();
		java.util.Set<ItemCode> seen = new java.util.HashSet<>();
		for (int i = 0; i < codes.size(); i++) {
			ItemCode code = codes.get(i);
			CodeStatus status = statuses.get(code);
			if (status == null) {
				errors.add(new FieldProblem("codes[" + i + "]",
						"GTIN " + code.gtin() + " serial " + mask(code.serial()) + " is not an issued code"));
			}
			else if (activate && status == CodeStatus.VOIDED) {
				errors.add(new FieldProblem("codes[" + i + "]", "serial " + mask(code.serial()) + " is voided"));
			}
			else if ((activate ? status == CodeStatus.ISSUED : status != CodeStatus.VOIDED) && seen.add(code)) {
				toChange.add(code);
			}
		}
		if (!errors.isEmpty()) {
			throw InvalidException.of(errors.size() > 100 ? errors.subList(0, 100) : errors);
		}
		long now = System.currentTimeMillis();
		String target = activate ? "ACTIVE" : "VOIDED";
		String from = activate ? "status = 'ISSUED'" : "status <> 'VOIDED'";
		int[][] counts = this.jdbc.batchUpdate(
				"UPDATE issued_code SET status = ?, changed_ms = ? WHERE gtin = ? AND serial = ? AND " + from, toChange,
				1000, (ps, code) -> {
					ps.setString(1, target);
					ps.setLong(2, now);
					ps.setString(3, code.gtin());
					ps.setString(4, code.serial());
				});
		int changed = 0;
		for (int[] batch : counts) {
			for (int c : batch) {
				changed += c > 0 ? c : (c == java.sql.Statement.SUCCESS_NO_INFO ? 1 : 0);
			}
		}
		log.info("{} {} codes for brand {} ({} requested)", activate ? "Activated" : "Voided", changed,
				caller.organisationId(), codes.size());
		this.audit.record(caller, activate ? "codes.activated" : "codes.voided", codes.size() + " listed codes",
				changed + " changed");
		return new Change(codes.size(), changed, codes.size() - changed);
	}

	private Change changeRange(Caller caller, long jobId, int from, int to, boolean activate) {
		requireBrand(caller);
		List<Long> brand = this.jdbc.queryForList("SELECT brand_id FROM code_job WHERE id = ?", Long.class, jobId);
		if (brand.isEmpty() || brand.get(0) != caller.organisationId()) {
			throw NotFoundException.of("Code job", "No code job " + jobId);
		}
		Long quantity = this.jdbc.queryForObject("SELECT quantity FROM code_job WHERE id = ? AND status = 'COMPLETED'",
				Long.class, jobId);
		if (quantity == null) {
			throw new ConflictException("job-not-completed", "Job not completed",
					"Code job " + jobId + " has not completed");
		}
		List<FieldProblem> errors = new ArrayList<>();
		if (from < 1 || from > quantity) {
			errors.add(new FieldProblem("from", "must be 1 to " + quantity + ", found " + from));
		}
		if (to < from || to > quantity) {
			errors.add(new FieldProblem("to", "must be " + Math.max(from, 1) + " to " + quantity + ", found " + to));
		}
		if (!errors.isEmpty()) {
			throw InvalidException.of(errors);
		}
		int changed = this.jdbc.update(
				"UPDATE issued_code SET status = ?, changed_ms = ? WHERE job_id = ? AND seq BETWEEN ? AND ? AND "
						+ (activate ? "status = 'ISSUED'" : "status <> 'VOIDED'"),
				activate ? "ACTIVE" : "VOIDED", System.currentTimeMillis(), jobId, from, to);
		int requested = to - from + 1;
		log.info("{} {} codes of job {} (positions {}..{})", activate ? "Activated" : "Voided", changed, jobId, from,
				to);
		this.audit.record(caller, activate ? "codes.activated" : "codes.voided", "code job " + jobId,
				"positions " + from + ".." + to + ": " + changed + " changed");
		return new Change(requested, changed, requested - changed);
	}

	private static void requireBrand(Caller caller) {
		if (caller.kind() != OrganisationKind.BRAND) {
			throw ForbiddenException
				.of("Only brands change their codes' status; this key belongs to a " + caller.kind());
		}
		caller.require(Scope.CODES_ISSUE);
	}

	/** A serial masked to its last four characters, for logs and messages. */
	static String mask(String serial) {
		return serial.length() <= 4 ? serial : "…" + serial.substring(serial.length() - 4);
	}

	/**
	 * How many codes (of completed jobs, not voided) are in these lots (by id) or,
	 * outside them, in these serial ranges of the GTIN (inclusive, ordered shorter first,
	 * then character by character): the items a recall covers.
	 */
	@Transactional(readOnly = true)
	public long countItems(String gtin, Collection<Long> lotIds, List<SerialRange> ranges) {
		long count = 0;
		if (!lotIds.isEmpty()) {
			String marks = String.join(",", java.util.Collections.nCopies(lotIds.size(), "?"));
			Long n = this.jdbc.queryForObject(
					"SELECT COUNT(*) FROM issued_code c JOIN code_job j ON j.id = c.job_id " + "WHERE c.lot_id IN ("
							+ marks + ") AND c.status <> 'VOIDED' AND j.status = 'COMPLETED'",
					Long.class, lotIds.toArray());
			count += n == null ? 0 : n;
		}
		for (SerialRange range : ranges) {
			List<Object> args = new java.util.ArrayList<>(List.of(gtin));
			args.addAll(range.arguments());
			String notInLots = lotIds.isEmpty() ? "" : " AND c.lot_id NOT IN ("
					+ String.join(",", java.util.Collections.nCopies(lotIds.size(), "?")) + ")";
			args.addAll(lotIds);
			Long n = this.jdbc.queryForObject("SELECT COUNT(*) FROM issued_code c JOIN code_job j ON j.id = c.job_id "
					+ "WHERE c.gtin = ? AND " + SerialRange.CONDITION + notInLots
					+ " AND c.status <> 'VOIDED' AND j.status = 'COMPLETED'", Long.class, args.toArray());
			count += n == null ? 0 : n;
		}
		return count;
	}

	/**
	 * The serials of the GTIN's codes (completed jobs, not voided) in the range, in
	 * serial order, at most {@code limit}.
	 */
	@Transactional(readOnly = true)
	public List<String> serialsInRange(String gtin, SerialRange range, int limit) {
		List<Object> args = new java.util.ArrayList<>(List.of(gtin));
		args.addAll(range.arguments());
		args.add(limit);
		return this.jdbc.queryForList("SELECT c.serial FROM issued_code c JOIN code_job j ON j.id = c.job_id "
				+ "WHERE c.gtin = ? AND " + SerialRange.CONDITION
				+ " AND c.status <> 'VOIDED' AND j.status = 'COMPLETED' ORDER BY CHAR_LENGTH(c.serial), c.serial LIMIT ?",
				String.class, args.toArray());
	}

	/**
	 * An issued item of a lot, with its place in its job (a cursor for the next page).
	 */
	public record LotItem(String serial, long jobId, int seq) {
	}

	/**
	 * A page of a lot's codes (completed jobs, not voided) in job and issue order, after
	 * the position ({@code afterJob}, {@code afterSeq}); {@code (0, 0)} for the first
	 * page. Reads each job by its primary key: a page costs its own rows, however large
	 * the registry.
	 */
	@Transactional(readOnly = true)
	public List<LotItem> lotItems(long lotId, long afterJob, int afterSeq, int limit) {
		List<Long> jobs = this.jdbc.queryForList(
				"SELECT id FROM code_job WHERE lot_id = ? AND status = 'COMPLETED' AND id >= ? ORDER BY id", Long.class,
				lotId, afterJob);
		List<LotItem> items = new ArrayList<>();
		for (long job : jobs) {
			if (items.size() >= limit) {
				break;
			}
			int from = job == afterJob ? afterSeq : 0;
			items.addAll(this.jdbc.query(
					"SELECT serial, seq FROM issued_code WHERE job_id = ? AND seq > ? AND lot_id = ? "
							+ "AND status <> 'VOIDED' ORDER BY seq LIMIT ?",
					(rs, n) -> new LotItem(rs.getString(1), job, rs.getInt(2)), job, from, lotId,
					limit - items.size()));
		}
		return items;
	}

	/**
	 * A page of the GTIN's codes (completed jobs, not voided) in the serial range, in
	 * plain character order after {@code after} (null: from the start): a keyset over the
	 * registry's unique key.
	 */
	@Transactional(readOnly = true)
	public List<String> serialsInRangeAfter(String gtin, SerialRange range, @Nullable String after, int limit) {
		List<Object> args = new java.util.ArrayList<>(List.of(gtin, after == null ? "" : after));
		args.addAll(range.arguments());
		args.add(limit);
		return this.jdbc.queryForList(
				"SELECT c.serial FROM issued_code c JOIN code_job j ON j.id = c.job_id "
						+ "WHERE c.gtin = ? AND c.serial > ? AND " + SerialRange.CONDITION
						+ " AND c.status <> 'VOIDED' AND j.status = 'COMPLETED' ORDER BY c.serial LIMIT ?",
				String.class, args.toArray());
	}

	/**
	 * An inclusive range of serials, ordered shorter first, then character by character
	 * (numeric order for serials without leading zeros).
	 */
	public record SerialRange(String from, String to) {

		static final String CONDITION = "(CHAR_LENGTH(c.serial) > ? OR (CHAR_LENGTH(c.serial) = ? AND c.serial >= ?)) "
				+ "AND (CHAR_LENGTH(c.serial) < ? OR (CHAR_LENGTH(c.serial) = ? AND c.serial <= ?))";

		List<Object> arguments() {
			return List.of(this.from.length(), this.from.length(), this.from, this.to.length(), this.to.length(),
					this.to);
		}

	}

}
