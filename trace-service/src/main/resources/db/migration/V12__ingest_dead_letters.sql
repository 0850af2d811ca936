-- Records a partner's feed sent that the ingest pipeline refused for good, from every transport (the
-- in-process queue, Kafka beside its <topic>-dlt topic) and every node, for the organisation that sent
-- them to read why (portal and API). source is unique per record, so a redelivered record is kept once.
CREATE TABLE ingest_dead_letter (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT NOT NULL,
  stream VARCHAR(64) NOT NULL,
  source VARCHAR(400) NOT NULL,
  reason VARCHAR(64) NOT NULL,
  detail VARCHAR(2000) NOT NULL,
  exception_class VARCHAR(300) NULL,
  original MEDIUMTEXT NOT NULL,
  at DATETIME(6) NOT NULL,
  CONSTRAINT uq_ingest_dead_letter_source UNIQUE (source),
  KEY ix_ingest_dead_letter_organisation (organisation_id, id),
  KEY ix_ingest_dead_letter_at (at)
);
