package com.veritrace.media;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Origin media rows and the brands' allowed video hosts (plain JDBC). */
@Repository
class MediaRepository {

	private static final String COLUMNS = "m.id, m.public_id, m.brand_id, m.product_id, m.lot_id, l.lot_number, m.kind, "
			+ "m.sort_order, m.caption, m.store_key, m.digest, m.bytes, m.content_type, m.width, m.height, m.thumb_key, "
			+ "m.thumb_digest, m.thumb_bytes, m.thumb_width, m.thumb_height, m.url, m.created_ms";

	private static final String FROM = " FROM origin_media m LEFT JOIN lot l ON l.id = m.lot_id";

	private final JdbcTemplate jdbc;

	MediaRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts a row at the end of its product's or lot's list. */
	void insert(MediaRow r) {
		Integer last = r.lotId() == null
				? this.jdbc.queryForObject(
						"SELECT MAX(sort_order) FROM origin_media WHERE product_id = ? AND lot_id IS NULL",
						Integer.class, r.productId())
				: this.jdbc.queryForObject(
						"SELECT MAX(sort_order) FROM origin_media WHERE product_id = ? AND lot_id = ?", Integer.class,
						r.productId(), r.lotId());
		this.jdbc
			.update("INSERT INTO origin_media (public_id, brand_id, product_id, lot_id, kind, sort_order, caption, "
					+ "store_key, digest, bytes, content_type, width, height, thumb_key, thumb_digest, thumb_bytes, "
					+ "thumb_width, thumb_height, url, created_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
					r.publicId(), r.brandId(), r.productId(), r.lotId(), r.kind().name(), last == null ? 0 : last + 1,
					r.caption(), r.storeKey(), r.digest(), r.bytes(), r.contentType(), r.width(), r.height(),
					r.thumbKey(), r.thumbDigest(), r.thumbBytes(), r.thumbWidth(), r.thumbHeight(), r.url(),
					r.createdMs());
	}

	/** A product's own media ({@code lotId} null) or one lot's, in their order. */
	List<MediaRow> list(long productId, @Nullable Long lotId) {
		return lotId == null
				? this.jdbc.query("SELECT " + COLUMNS + FROM + " WHERE m.product_id = ? AND m.lot_id IS NULL "
						+ "ORDER BY m.sort_order, m.id", MediaRepository::row, productId)
				: this.jdbc.query("SELECT " + COLUMNS + FROM + " WHERE m.product_id = ? AND m.lot_id = ? "
						+ "ORDER BY m.sort_order, m.id", MediaRepository::row, productId, lotId);
	}

	/**
	 * What the scan page of a code of this GTIN (and lot) shows: the lot's media first,
	 * then the product's.
	 */
	List<MediaRow> forPage(String gtin, @Nullable String lotNumber) {
		return this.jdbc.query(
				"SELECT " + COLUMNS + FROM + " JOIN product p ON p.id = m.product_id "
						+ "WHERE p.gtin = ? AND (m.lot_id IS NULL OR l.lot_number = ?) "
						+ "ORDER BY CASE WHEN m.lot_id IS NULL THEN 1 ELSE 0 END, m.sort_order, m.id",
				MediaRepository::row, gtin, lotNumber == null ? "" : lotNumber);
	}

	Optional<MediaRow> find(String publicId) {
		return this.jdbc.query("SELECT " + COLUMNS + FROM + " WHERE m.public_id = ?", MediaRepository::row, publicId)
			.stream()
			.findFirst();
	}

	void delete(long id) {
		this.jdbc.update("DELETE FROM origin_media WHERE id = ?", id);
	}

	void position(long id, int position) {
		this.jdbc.update("UPDATE origin_media SET sort_order = ? WHERE id = ?", position, id);
	}

	List<String> hosts(long brandId) {
		return this.jdbc.queryForList("SELECT host FROM media_host WHERE brand_id = ? ORDER BY host", String.class,
				brandId);
	}

	boolean addHost(long brandId, String host, long nowMs) {
		return this.jdbc.update("INSERT IGNORE INTO media_host (brand_id, host, created_ms) VALUES (?,?,?)", brandId,
				host, nowMs) > 0;
	}

	boolean removeHost(long brandId, String host) {
		return this.jdbc.update("DELETE FROM media_host WHERE brand_id = ? AND host = ?", brandId, host) > 0;
	}

	private static MediaRow row(ResultSet rs, int n) throws SQLException {
		return new MediaRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getObject(5, Long.class),
				rs.getString(6), MediaKind.valueOf(rs.getString(7)), rs.getInt(8), rs.getString(9), rs.getString(10),
				rs.getString(11), rs.getObject(12, Long.class), rs.getString(13), rs.getObject(14, Integer.class),
				rs.getObject(15, Integer.class), rs.getString(16), rs.getString(17), rs.getObject(18, Long.class),
				rs.getObject(19, Integer.class), rs.getObject(20, Integer.class), rs.getString(21), rs.getLong(22));
	}

}
