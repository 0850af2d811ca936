-- Origin media (issue 21 item 1): pictures and a video a brand attaches to a product or to one of its
-- lots, shown on the scan page. Pictures are re-encoded on the server (a display size and a thumbnail,
-- JPEG, metadata stripped); uploaded files live in the document store (content-addressed, SHA-256 like
-- inspection reports), a row keeps their keys and digests; a video link keeps only its URL (never
-- fetched). lot_id NULL: the product's own media. sort_order orders a product's or lot's media.
CREATE TABLE origin_media (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  public_id VARCHAR(36) NOT NULL,
  brand_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  lot_id BIGINT NULL,
  kind VARCHAR(16) NOT NULL,
  sort_order INT NOT NULL,
  caption VARCHAR(200) NULL,
  -- IMAGE: the display JPEG and the thumbnail; VIDEO: the file (content_type as sniffed)
  store_key VARCHAR(100) NULL,
  digest VARCHAR(120) NULL,
  bytes BIGINT NULL,
  content_type VARCHAR(40) NULL,
  width INT NULL,
  height INT NULL,
  thumb_key VARCHAR(100) NULL,
  thumb_digest VARCHAR(120) NULL,
  thumb_bytes BIGINT NULL,
  thumb_width INT NULL,
  thumb_height INT NULL,
  -- VIDEO_LINK: the stream's https URL on a host the brand allow-lists
  url VARCHAR(2000) NULL,
  created_ms BIGINT NOT NULL,
  UNIQUE KEY uk_origin_media_public (public_id),
  KEY ix_origin_media_product (product_id, lot_id, sort_order),
  FOREIGN KEY (product_id) REFERENCES product (id),
  FOREIGN KEY (lot_id) REFERENCES lot (id)
);
