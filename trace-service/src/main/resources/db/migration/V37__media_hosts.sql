-- Origin media (issue 21 item 1): the hosts a brand allows its video links on (exact host names,
-- https only); the scan page's Content-Security-Policy names a link's host only when it is listed.
CREATE TABLE media_host (
  brand_id BIGINT NOT NULL,
  host VARCHAR(253) NOT NULL,
  created_ms BIGINT NOT NULL,
  PRIMARY KEY (brand_id, host),
  FOREIGN KEY (brand_id) REFERENCES organisation (id)
);
