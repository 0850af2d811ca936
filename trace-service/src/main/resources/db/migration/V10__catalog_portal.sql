-- The portal's products and lots (issue 13): a product can be deactivated (no new code jobs), has an
-- optional image (a thumbnail made on the server, served on the scan page), and the dashboard counts
-- a brand's active codes without reading every row of the registry.

ALTER TABLE product ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE;
-- when the image last changed (epoch ms): part of the image's URL, so a new image is a new URL
ALTER TABLE product ADD COLUMN image_version BIGINT NULL;
-- keyset pages of a brand's products by name (the list's order) and search by name prefix
CREATE INDEX ix_product_brand_name ON product (brand_id, name, id);

CREATE TABLE product_image (
  product_id BIGINT NOT NULL PRIMARY KEY,
  thumbnail MEDIUMBLOB NOT NULL,
  thumbnail_width INT NOT NULL,
  thumbnail_height INT NOT NULL,
  source_type VARCHAR(16) NOT NULL,
  source_width INT NOT NULL,
  source_height INT NOT NULL,
  source_bytes BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  FOREIGN KEY (product_id) REFERENCES product (id)
);

-- the dashboard's "codes active": a count per job and status is a range of this index
CREATE INDEX ix_issued_code_job_status ON issued_code (job_id, status);
