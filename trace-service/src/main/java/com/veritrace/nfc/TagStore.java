package com.veritrace.nfc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The tables {@code nfc_tag}, {@code nfc_meta_key}, {@code nfc_master_key},
 * {@code nfc_profile}.
 */
@Repository
class TagStore {

	private static final String TAG_COLUMNS = "t.id, t.organisation_id, t.uid, t.gtin, t.serial, p.name, t.meta_key_id, "
			+ "t.file_key_box, t.keys_derived, t.last_counter, t.taps, t.rejected_taps, t.last_tap_ms";

	private final JdbcTemplate jdbc;

	TagStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** A profile: the URL layout of a tap. */
	record Profile(long id, @Nullable Long organisationId, String name, boolean plain, String piccParam,
			String encParam, String cmacParam, String uidParam, String ctrParam) {
	}

	/** A chip as stored; its key stays sealed. */
	record Tag(long id, long organisationId, String uid, String gtin, String serial, String profile, long metaKeyId,
			byte[] fileKeyBox, boolean keysDerived, int lastCounter, long taps, long rejectedTaps,
			@Nullable Long lastTapMs) {
	}

	/** A chip to insert. */
	record NewTag(String uid, String gtin, String serial, long profileId, long metaKeyId, byte[] fileKeyBox,
			boolean keysDerived) {
	}

	/** A sealed meta-read key. */
	record MetaKey(long id, long organisationId, byte[] box) {
	}

	Optional<Profile> profile(String name) {
		return this.jdbc.query("SELECT id, organisation_id, name, mirroring, picc_param, enc_param, cmac_param, "
				+ "uid_param, ctr_param FROM nfc_profile WHERE name = ?", (rs, n) -> {
					long org = rs.getLong(2);
					boolean builtIn = rs.wasNull();
					return new Profile(rs.getLong(1), builtIn ? null : org, rs.getString(3),
							"PLAIN".equals(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7),
							rs.getString(8), rs.getString(9));
				}, name)
			.stream()
			.findFirst();
	}

	/** The meta-read key's id, inserting it when the organisation has no such key yet. */
	long metaKey(long organisationId, byte[] fingerprint, byte[] box) {
		this.jdbc.update("INSERT IGNORE INTO nfc_meta_key (organisation_id, fingerprint, key_box) VALUES (?,?,?)",
				organisationId, fingerprint, box);
		return this.jdbc.queryForObject("SELECT id FROM nfc_meta_key WHERE organisation_id = ? AND fingerprint = ?",
				Long.class, organisationId, fingerprint);
	}

	long metaKeyCount(long organisationId) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM nfc_meta_key WHERE organisation_id = ?", Long.class,
				organisationId);
	}

	boolean hasMetaKey(long organisationId, byte[] fingerprint) {
		return !this.jdbc
			.queryForList("SELECT id FROM nfc_meta_key WHERE organisation_id = ? AND fingerprint = ?", Long.class,
					organisationId, fingerprint)
			.isEmpty();
	}

	List<MetaKey> metaKeys() {
		return this.jdbc.query("SELECT id, organisation_id, key_box FROM nfc_meta_key ORDER BY id",
				(rs, n) -> new MetaKey(rs.getLong(1), rs.getLong(2), rs.getBytes(3)));
	}

	@Nullable byte[] masterKeyBox(long organisationId) {
		List<byte[]> found = this.jdbc.query("SELECT key_box FROM nfc_master_key WHERE organisation_id = ?",
				(rs, n) -> rs.getBytes(1), organisationId);
		return found.isEmpty() ? null : found.get(0);
	}

	void putMasterKey(long organisationId, byte[] box) {
		this.jdbc.update("INSERT INTO nfc_master_key (organisation_id, key_box) VALUES (?,?) "
				+ "ON DUPLICATE KEY UPDATE key_box = VALUES(key_box)", organisationId, box);
	}

	/** Which of these UIDs are registered already (to anyone). */
	List<String> registered(Collection<String> uids) {
		List<String> found = new ArrayList<>();
		List<String> all = List.copyOf(uids);
		for (int from = 0; from < all.size(); from += 500) {
			List<String> part = all.subList(from, Math.min(all.size(), from + 500));
			found.addAll(this.jdbc.queryForList(
					"SELECT uid FROM nfc_tag WHERE uid IN ("
							+ String.join(",", java.util.Collections.nCopies(part.size(), "?")) + ")",
					String.class, part.toArray()));
		}
		return found;
	}

	void insert(long organisationId, List<NewTag> tags) {
		this.jdbc.batchUpdate(
				"INSERT INTO nfc_tag (organisation_id, uid, gtin, serial, profile_id, meta_key_id, file_key_box, "
						+ "keys_derived) VALUES (?,?,?,?,?,?,?,?)",
				tags, 1000, (ps, t) -> {
					ps.setLong(1, organisationId);
					ps.setString(2, t.uid());
					ps.setString(3, t.gtin());
					ps.setString(4, t.serial());
					ps.setLong(5, t.profileId());
					ps.setLong(6, t.metaKeyId());
					ps.setBytes(7, t.fileKeyBox());
					ps.setBoolean(8, t.keysDerived());
				});
	}

	Optional<Tag> byUid(String uid) {
		return this.jdbc
			.query("SELECT " + TAG_COLUMNS
					+ " FROM nfc_tag t JOIN nfc_profile p ON p.id = t.profile_id WHERE t.uid = ?", TagStore::tag, uid)
			.stream()
			.findFirst();
	}

	List<Tag> page(long organisationId, String afterUid, int limit) {
		return this.jdbc.query(
				"SELECT " + TAG_COLUMNS + " FROM nfc_tag t JOIN nfc_profile p ON p.id = t.profile_id "
						+ "WHERE t.organisation_id = ? AND t.uid > ? ORDER BY t.uid LIMIT ?",
				TagStore::tag, organisationId, afterUid, limit);
	}

	long count(long organisationId) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM nfc_tag WHERE organisation_id = ?", Long.class,
				organisationId);
	}

	/**
	 * Accepts a tap: one conditional update, so of two taps with the same counter (or an
	 * older one) at most one passes, on any number of nodes.
	 */
	boolean accept(long tagId, int counter, long nowMs) {
		return this.jdbc.update("UPDATE nfc_tag SET last_counter = ?, taps = taps + 1, last_tap_ms = ? "
				+ "WHERE id = ? AND last_counter < ?", counter, nowMs, tagId, counter) == 1;
	}

	/** Counts a refused (replayed) tap; answers the chip's last accepted counter. */
	int rejected(long tagId) {
		this.jdbc.update("UPDATE nfc_tag SET rejected_taps = rejected_taps + 1 WHERE id = ?", tagId);
		return this.jdbc.queryForObject("SELECT last_counter FROM nfc_tag WHERE id = ?", Integer.class, tagId);
	}

	private static Tag tag(ResultSet rs, int n) throws SQLException {
		long lastTap = rs.getLong(13);
		boolean neverTapped = rs.wasNull();
		return new Tag(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
				rs.getLong(7), rs.getBytes(8), rs.getBoolean(9), rs.getInt(10), rs.getLong(11), rs.getLong(12),
				neverTapped ? null : lastTap);
	}

}
