package com.veritrace.diversion;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The rows of distributors, their regions and locations (tables of V18). */
@Repository
class DistributorStore {

	private static final String SELECT = "SELECT d.id, d.brand_id, d.name, d.partner_id, o.name, d.updated_ms "
			+ "FROM distributor d LEFT JOIN organisation o ON o.id = d.partner_id ";

	private final JdbcTemplate jdbc;

	DistributorStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** A brand's distributors by name, or every brand's when {@code brandId} is null. */
	List<Distributor> list(@Nullable Long brandId) {
		Map<Long, Distributor> rows = new LinkedHashMap<>();
		RowHandler handler = new RowHandler(rows);
		if (brandId == null) {
			this.jdbc.query(SELECT + "ORDER BY d.brand_id, d.name", handler::row);
		}
		else {
			this.jdbc.query(SELECT + "WHERE d.brand_id = ? ORDER BY d.name", handler::row, brandId);
		}
		return complete(rows, brandId);
	}

	Optional<Distributor> find(long brandId, long id) {
		Map<Long, Distributor> rows = new LinkedHashMap<>();
		RowHandler handler = new RowHandler(rows);
		this.jdbc.query(SELECT + "WHERE d.brand_id = ? AND d.id = ?", handler::row, brandId, id);
		return complete(rows, brandId).stream().findFirst();
	}

	/** Which distributor of the brand (other than {@code exceptId}) has this name. */
	Optional<Long> named(long brandId, String name, long exceptId) {
		return this.jdbc
			.queryForList("SELECT id FROM distributor WHERE brand_id = ? AND name = ? AND id <> ?", Long.class, brandId,
					name, exceptId)
			.stream()
			.findFirst();
	}

	/** The distributors of the brand (other than {@code exceptId}) at these locations. */
	Map<String, String> locationOwners(long brandId, List<String> locations, long exceptId) {
		Map<String, String> owners = new HashMap<>();
		for (String location : locations) {
			this.jdbc.query("SELECT d.name FROM distributor_location l JOIN distributor d ON d.id = l.distributor_id "
					+ "WHERE l.brand_id = ? AND l.location = ? AND l.distributor_id <> ?", rs -> {
						owners.put(location, rs.getString(1));
					}, brandId, location, exceptId);
		}
		return owners;
	}

	long insert(long brandId, String name, @Nullable Long partnerId, long now) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.update(connection -> {
			PreparedStatement ps = connection.prepareStatement(
					"INSERT INTO distributor (brand_id, name, partner_id, created_ms, updated_ms) VALUES (?,?,?,?,?)",
					Statement.RETURN_GENERATED_KEYS);
			ps.setLong(1, brandId);
			ps.setString(2, name);
			ps.setObject(3, partnerId);
			ps.setLong(4, now);
			ps.setLong(5, now);
			return ps;
		}, keys);
		return keys.getKey().longValue();
	}

	void update(long id, String name, @Nullable Long partnerId, long now) {
		this.jdbc.update("UPDATE distributor SET name = ?, partner_id = ?, updated_ms = ? WHERE id = ?", name,
				partnerId, now, id);
	}

	/** Replaces the distributor's regions and locations. */
	void replaceParts(long id, long brandId, List<String> regions, List<String> locations) {
		this.jdbc.update("DELETE FROM distributor_region WHERE distributor_id = ?", id);
		this.jdbc.update("DELETE FROM distributor_location WHERE distributor_id = ?", id);
		this.jdbc.batchUpdate("INSERT INTO distributor_region (distributor_id, region) VALUES (?,?)", regions,
				regions.size(), (ps, region) -> {
					ps.setLong(1, id);
					ps.setString(2, region);
				});
		this.jdbc.batchUpdate("INSERT INTO distributor_location (distributor_id, brand_id, location) VALUES (?,?,?)",
				locations, locations.size(), (ps, location) -> {
					ps.setLong(1, id);
					ps.setLong(2, brandId);
					ps.setString(3, location);
				});
	}

	void delete(long id) {
		this.jdbc.update("DELETE FROM distributor WHERE id = ?", id);
	}

	private List<Distributor> complete(Map<Long, Distributor> rows, @Nullable Long brandId) {
		if (rows.isEmpty()) {
			return List.of();
		}
		Map<Long, List<String>> regions = new HashMap<>();
		Map<Long, List<String>> locations = new HashMap<>();
		String where = brandId == null ? "" : " WHERE d.brand_id = " + brandId.longValue();
		this.jdbc.query("SELECT r.distributor_id, r.region FROM distributor_region r JOIN distributor d ON d.id = "
				+ "r.distributor_id" + where + " ORDER BY r.region", rs -> {
					regions.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
				});
		this.jdbc.query("SELECT l.distributor_id, l.location FROM distributor_location l JOIN distributor d ON d.id = "
				+ "l.distributor_id" + where + " ORDER BY l.location", rs -> {
					locations.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
				});
		List<Distributor> result = new ArrayList<>(rows.size());
		rows.values()
			.forEach(d -> result.add(new Distributor(d.id(), d.brandId(), d.name(), d.partnerId(), d.partnerName(),
					regions.getOrDefault(d.id(), List.of()), locations.getOrDefault(d.id(), List.of()),
					d.updatedMs())));
		return result;
	}

	private record RowHandler(Map<Long, Distributor> rows) {

		void row(java.sql.ResultSet rs) throws java.sql.SQLException {
			long partner = rs.getLong(4);
			Long partnerId = rs.wasNull() ? null : partner;
			this.rows.put(rs.getLong(1), new Distributor(rs.getLong(1), rs.getLong(2), rs.getString(3), partnerId,
					rs.getString(5), List.of(), List.of(), rs.getLong(6)));
		}

	}

}
