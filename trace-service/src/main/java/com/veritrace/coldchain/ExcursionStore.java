package com.veritrace.coldchain;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.veritrace.catalog.StorageCondition;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code cold_chain_excursion} and {@code cold_chain_mark} tables. */
@Repository
class ExcursionStore {

	static final String COLUMNS = "x.id, x.brand_id, x.gtin, x.lot_number, x.reason, x.reading_c, x.range_min_c, "
			+ "x.range_max_c, x.reading_ms, x.reading_offset, x.place, x.device_id, x.event_hash, x.item_count, x.ssccs";

	private final JdbcTemplate jdbc;

	ExcursionStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * An item ({@code serial} set) or a whole lot ({@code serial} null) an excursion
	 * marks.
	 */
	record Mark(String gtin, @Nullable String serial, @Nullable String lotNumber) {
	}

	/** Records an excursion and its marks; answers its id. */
	long record(Excursion x, long eventRowId, long recordedMs, List<Mark> marks) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.update(connection -> {
			PreparedStatement ps = connection.prepareStatement("INSERT INTO cold_chain_excursion (brand_id, "
					+ "event_row_id, event_hash, gtin, lot_number, reason, reading_c, range_min_c, range_max_c, "
					+ "reading_ms, reading_offset, place, device_id, item_count, ssccs, recorded_ms) "
					+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
			ps.setLong(1, x.brandId());
			ps.setLong(2, eventRowId);
			ps.setString(3, x.eventHash());
			ps.setString(4, x.gtin());
			ps.setString(5, x.lotNumber());
			ps.setString(6, x.reason());
			setDouble(ps, 7, x.celsius());
			setDouble(ps, 8, x.range().minCelsius());
			setDouble(ps, 9, x.range().maxCelsius());
			ps.setLong(10, x.time().toEpochMilli());
			ps.setString(11, x.timeZoneOffset());
			ps.setString(12, cut(x.place(), 300));
			ps.setString(13, cut(x.deviceId(), 300));
			ps.setInt(14, x.itemCount());
			ps.setString(15, cut(x.ssccs(), 400));
			ps.setLong(16, recordedMs);
			return ps;
		}, key);
		long id = key.getKeyAs(Number.class).longValue();
		this.jdbc.batchUpdate(
				"INSERT INTO cold_chain_mark (excursion_id, gtin, serial, lot_number) VALUES (?, ?, ?, ?)", marks, 500,
				(ps, mark) -> {
					ps.setLong(1, id);
					ps.setString(2, mark.gtin());
					ps.setString(3, mark.serial());
					ps.setString(4, mark.lotNumber());
				});
		return id;
	}

	/**
	 * How many excursions the GTIN has, and the highest id: changes with each new one.
	 */
	long print(String gtin) {
		return this.jdbc.queryForObject(
				"SELECT COUNT(*) * 1000003 + COALESCE(MAX(id), 0) FROM cold_chain_excursion WHERE gtin = ?", Long.class,
				gtin);
	}

	/**
	 * The excursions marking the item (itself, or its whole lot), newest reading first.
	 */
	List<Excursion> ofItem(String gtin, String serial, @Nullable String lotNumber, int limit) {
		return this.jdbc.query(
				"SELECT " + COLUMNS + " FROM cold_chain_excursion x WHERE x.id IN ("
						+ "SELECT m.excursion_id FROM cold_chain_mark m WHERE m.gtin = ? AND (m.serial = ? "
						+ "OR (m.serial IS NULL AND m.lot_number = ?))) ORDER BY x.reading_ms DESC, x.id DESC LIMIT ?",
				ROW, gtin, serial, lotNumber == null ? "" : lotNumber, limit);
	}

	/**
	 * The excursions of the lot (of the whole lot or of some of its items), newest first.
	 */
	List<Excursion> ofLot(String gtin, String lotNumber, int limit) {
		return this.jdbc
			.query("SELECT " + COLUMNS + " FROM cold_chain_excursion x WHERE x.gtin = ? AND x.lot_number = ? "
					+ "ORDER BY x.reading_ms DESC, x.id DESC LIMIT ?", ROW, gtin, lotNumber, limit);
	}

	/** Excursions per UTC day (epoch day, count) of a brand (or all) in a time range. */
	List<long[]> perDay(@Nullable Long brandId, long fromMs, long toMs) {
		List<Object> args = new ArrayList<>();
		String where = "reading_ms >= ? AND reading_ms < ?";
		if (brandId != null) {
			where = "brand_id = ? AND " + where;
			args.add(brandId);
		}
		args.add(fromMs);
		args.add(toMs);
		return this.jdbc.query(
				"SELECT FLOOR(reading_ms / 86400000) AS d, COUNT(*) FROM cold_chain_excursion WHERE " + where
						+ " GROUP BY FLOOR(reading_ms / 86400000) ORDER BY d",
				(rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) }, args.toArray());
	}

	/** The latest excursions (by reading time) of a brand, or of all. */
	List<Excursion> latest(@Nullable Long brandId, int limit) {
		return brandId == null
				? this.jdbc.query(
						"SELECT " + COLUMNS
								+ " FROM cold_chain_excursion x ORDER BY x.reading_ms DESC, x.id DESC LIMIT ?",
						ROW, limit)
				: this.jdbc.query("SELECT " + COLUMNS
						+ " FROM cold_chain_excursion x WHERE x.brand_id = ? ORDER BY x.reading_ms DESC, x.id DESC LIMIT ?",
						ROW, brandId, limit);
	}

	private static final org.springframework.jdbc.core.RowMapper<Excursion> ROW = ExcursionStore::excursion;

	private static Excursion excursion(ResultSet rs, int n) throws SQLException {
		return new Excursion(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
				getDouble(rs, 6), new StorageCondition(getDouble(rs, 7), getDouble(rs, 8)),
				Instant.ofEpochMilli(rs.getLong(9)), rs.getString(10), rs.getString(11), rs.getString(12),
				rs.getString(13), rs.getInt(14), rs.getString(15));
	}

	private static @Nullable Double getDouble(ResultSet rs, int column) throws SQLException {
		double value = rs.getDouble(column);
		return rs.wasNull() ? null : value;
	}

	private static void setDouble(PreparedStatement ps, int index, @Nullable Double value) throws SQLException {
		if (value == null) {
			ps.setNull(index, Types.DOUBLE);
		}
		else {
			ps.setDouble(index, value);
		}
	}

	private static @Nullable String cut(@Nullable String text, int max) {
		return text == null || text.length() <= max ? text : text.substring(0, max);
	}

}
