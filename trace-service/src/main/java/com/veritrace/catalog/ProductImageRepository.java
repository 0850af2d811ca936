package com.veritrace.catalog;

import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Products' thumbnails (plain JDBC: one blob a product). */
@Repository
class ProductImageRepository {

	private final JdbcTemplate jdbc;

	ProductImageRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void put(long productId, ProductImages.Thumbnail t, long nowMs) {
		if (this.jdbc.update(
				"UPDATE product_image SET thumbnail = ?, thumbnail_width = ?, thumbnail_height = ?, source_type = ?, "
						+ "source_width = ?, source_height = ?, source_bytes = ?, updated_ms = ? WHERE product_id = ?",
				t.jpeg(), t.width(), t.height(), t.sourceType(), t.sourceWidth(), t.sourceHeight(), t.sourceBytes(),
				nowMs, productId) == 0) {
			this.jdbc.update(
					"INSERT INTO product_image (product_id, thumbnail, thumbnail_width, thumbnail_height, source_type, "
							+ "source_width, source_height, source_bytes, updated_ms) VALUES (?,?,?,?,?,?,?,?,?)",
					productId, t.jpeg(), t.width(), t.height(), t.sourceType(), t.sourceWidth(), t.sourceHeight(),
					t.sourceBytes(), nowMs);
		}
	}

	Optional<byte[]> thumbnail(long productId) {
		return this.jdbc
			.query("SELECT thumbnail FROM product_image WHERE product_id = ?", (rs, n) -> rs.getBytes(1), productId)
			.stream()
			.findFirst();
	}

}
