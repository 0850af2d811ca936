-- EPCIS 2.0 named queries (REST binding /queries): a query of the EPCIS query language kept under a name, owned by
-- one organisation (names are unique per organisation; another organisation's query does not exist for a
-- caller). definition is the JSON object the client gave under "query", as given: it was parsed and found valid
-- when stored, and is parsed again each time it runs. Subscriptions (V27) hang off it and go with it.
CREATE TABLE epcis_named_query (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT NOT NULL,
  name VARCHAR(100) NOT NULL,
  definition TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  created_by VARCHAR(320) NOT NULL,
  UNIQUE KEY uk_epcis_named_query (organisation_id, name),
  FOREIGN KEY (organisation_id) REFERENCES organisation (id)
);
