-- Code issuance (issue 5): issuance jobs, the code registry, per-GTIN counters for numeric serials,
-- containers (SSCC) with their contents over time, and the index of events by SSCC.

-- One request for N codes of a product and lot; idempotent on (brand, request id).
CREATE TABLE code_job (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  brand_id BIGINT NOT NULL,
  request_id VARCHAR(64) NOT NULL,
  product_id BIGINT NOT NULL,
  gtin VARCHAR(14) NOT NULL,
  lot_id BIGINT NOT NULL,
  lot_number VARCHAR(20) NOT NULL,
  code_format VARCHAR(16) NOT NULL,
  quantity BIGINT NOT NULL,
  produced BIGINT NOT NULL,
  resolver VARCHAR(255) NOT NULL,
  company_prefix_length INT NULL,
  rfid_filter INT NULL,
  drug_code VARCHAR(7) NULL,
  first_position BIGINT NULL,
  status VARCHAR(12) NOT NULL,
  failure VARCHAR(500) NULL,
  created_ms BIGINT NOT NULL,
  started_ms BIGINT NULL,
  finished_ms BIGINT NULL,
  UNIQUE KEY uk_code_job_request (brand_id, request_id),
  KEY ix_code_job_brand (brand_id, id),
  KEY ix_code_job_status (status)
);

-- The registry: every issued code, in its job's order. Lifecycle ISSUED -> ACTIVE -> VOIDED (or ISSUED -> VOIDED).
CREATE TABLE issued_code (
  job_id BIGINT NOT NULL,
  seq INT NOT NULL,
  gtin VARCHAR(14) NOT NULL,
  serial VARCHAR(20) NOT NULL,
  lot_id BIGINT NOT NULL,
  status VARCHAR(8) NOT NULL,
  changed_ms BIGINT NULL,
  PRIMARY KEY (job_id, seq),
  UNIQUE KEY uk_issued_code (gtin, serial)
);

-- Next position of the keyed serial permutation per GTIN (SGTIN-96) or drug identification code (NMPA).
CREATE TABLE code_counter (
  counter_key VARCHAR(40) NOT NULL PRIMARY KEY,
  next_position BIGINT NOT NULL
);

-- A case or pallet code, claimed by the first brand that aggregates into it.
CREATE TABLE code_container (
  sscc VARCHAR(18) NOT NULL PRIMARY KEY,
  brand_id BIGINT NOT NULL,
  created_ms BIGINT NOT NULL
);

-- What was inside which container when, from stored AggregationEvents (ADD opens, DELETE closes).
-- child is '01/<gtin>/21/<serial>' for an item or '00/<sscc>' for a nested container.
CREATE TABLE code_aggregation (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  parent_sscc VARCHAR(18) NOT NULL,
  child VARCHAR(48) NOT NULL,
  from_ms BIGINT NOT NULL,
  to_ms BIGINT NULL,
  KEY ix_code_aggregation_child (child, from_ms),
  KEY ix_code_aggregation_parent (parent_sscc, to_ms)
);

-- Index rows: which SSCCs an event touches (parentID or EPC lists), like trace_event_item.
CREATE TABLE trace_event_sscc (
  sscc VARCHAR(18) NOT NULL,
  event_time_ms BIGINT NOT NULL,
  event_row_id BIGINT NOT NULL,
  PRIMARY KEY (sscc, event_time_ms, event_row_id),
  KEY ix_trace_event_sscc_row (event_row_id)
);
