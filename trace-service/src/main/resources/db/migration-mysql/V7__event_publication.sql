-- Spring Modulith's JDBC event publication registry (schema v2 of Modulith 2.0) for the mysql profile: MySQL 8
-- has no UUID column type, so ID is VARCHAR(36) as in Modulith's own schema-mysql.sql (Modulith binds the id as
-- text on a server that calls itself MySQL). Otherwise the same as db/migration-uuid/V7 (H2 and MariaDB), which
-- the embedded default and the mariadb profile keep: its checksum is already in their databases.
-- Upper case: MySQL on Linux compares table names case-sensitively and Modulith queries EVENT_PUBLICATION.
-- PUBLICATION_DATE has an explicit default; no index on (LISTENER_ID, SERIALIZED_EVENT): it is longer than
-- InnoDB allows and the registry stays small (completed rows are deleted, see DECISIONS).
CREATE TABLE EVENT_PUBLICATION (
  ID VARCHAR(36) NOT NULL PRIMARY KEY,
  LISTENER_ID VARCHAR(512) NOT NULL,
  EVENT_TYPE VARCHAR(512) NOT NULL,
  SERIALIZED_EVENT VARCHAR(4000) NOT NULL,
  PUBLICATION_DATE TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  COMPLETION_DATE TIMESTAMP(6) NULL DEFAULT NULL,
  STATUS VARCHAR(20) NULL,
  COMPLETION_ATTEMPTS INT NULL,
  LAST_RESUBMISSION_DATE TIMESTAMP(6) NULL DEFAULT NULL,
  KEY EVENT_PUBLICATION_BY_COMPLETION_DATE_IDX (COMPLETION_DATE)
);
