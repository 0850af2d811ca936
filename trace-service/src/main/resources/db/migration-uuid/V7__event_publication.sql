-- Spring Modulith's JDBC event publication registry (schema v2 of Modulith 2.0): one row per application
-- event and listener, written in the publishing transaction and completed when the listener has run,
-- so a hand-off between modules survives a crash (the outstanding ones are published again on restart).
-- Upper case: MariaDB on Linux compares table names case-sensitively and Modulith queries EVENT_PUBLICATION.
-- ID is a UUID (MariaDB >= 10.7, H2); PUBLICATION_DATE has an explicit default so that MariaDB does not
-- give the first TIMESTAMP column ON UPDATE CURRENT_TIMESTAMP; no index on (LISTENER_ID, SERIALIZED_EVENT):
-- it is longer than InnoDB allows and the registry stays small (completed rows are deleted, see DECISIONS).
CREATE TABLE EVENT_PUBLICATION (
  ID UUID NOT NULL PRIMARY KEY,
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
