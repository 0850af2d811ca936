-- Chain anchoring (issue 4): the Merkle log over stored events, its signed tree heads and ledger
-- receipts, the embedded ledger's block log, the service's keys, and a per-row MAC on trace_event.

-- A MAC (HMAC-SHA256 under the service's row key) over each event row's identity, written by the
-- event store: a row inserted behind the service's back has none and is never anchored.
ALTER TABLE trace_event ADD COLUMN row_mac BINARY(32) NULL;

-- Singleton state: the anchor leader's lease and the rows stored before row MACs existed.
CREATE TABLE anchor_state (
  id INT NOT NULL PRIMARY KEY,
  leader VARCHAR(100) NULL,
  lease_until_ms BIGINT NOT NULL,
  legacy_max_row_id BIGINT NOT NULL
);
INSERT INTO anchor_state (id, leader, lease_until_ms, legacy_max_row_id)
  SELECT 1, NULL, 0, COALESCE(MAX(id), 0) FROM trace_event;

-- Leaves of the Merkle log, in log order: one per stored event row (unique), leaf = H(0x00 || event_hash).
CREATE TABLE anchor_leaf (
  leaf_index BIGINT NOT NULL PRIMARY KEY,
  event_row_id BIGINT NOT NULL,
  leaf_hash BINARY(32) NOT NULL,
  appended_ms BIGINT NOT NULL,
  UNIQUE KEY uk_anchor_leaf_row (event_row_id)
);

-- Cached complete-subtree hashes (every 4th level): node_key = level << 56 | index.
CREATE TABLE anchor_node (
  node_key BIGINT NOT NULL PRIMARY KEY,
  hash BINARY(32) NOT NULL
);

-- Signed tree heads, sealed before they are sent to the ledger (the intent log that makes a crash
-- between sealing and anchoring harmless), with the ledger's receipt once confirmed.
CREATE TABLE anchor_tree_head (
  tree_size BIGINT NOT NULL PRIMARY KEY,
  root_hash BINARY(32) NOT NULL,
  hash_algorithm VARCHAR(16) NOT NULL,
  head_time_ms BIGINT NOT NULL,
  signature_algorithm VARCHAR(16) NOT NULL,
  public_key VARBINARY(100) NOT NULL,
  signature VARBINARY(100) NOT NULL,
  status VARCHAR(16) NOT NULL,
  sealed_ms BIGINT NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  next_attempt_ms BIGINT NOT NULL DEFAULT 0,
  last_error VARCHAR(500) NULL,
  ledger_kind VARCHAR(16) NULL,
  chain_id VARCHAR(100) NULL,
  tx_hash VARCHAR(100) NULL,
  block_number BIGINT NULL,
  block_time_ms BIGINT NULL,
  anchored_ms BIGINT NULL,
  KEY ix_anchor_tree_head_status (status, tree_size)
);

-- The embedded ledger: an append-only, hash-linked block log, each block signed by the ledger key.
-- accepted_size is the tree size of an accepted anchor (unique: write-once per size), NULL when refused.
CREATE TABLE anchor_ledger_block (
  block_number BIGINT NOT NULL PRIMARY KEY,
  prev_hash BINARY(32) NOT NULL,
  block_hash BINARY(32) NOT NULL,
  tree_size BIGINT NOT NULL,
  accepted_size BIGINT NULL,
  signed_head VARBINARY(200) NOT NULL,
  head_signature VARBINARY(100) NOT NULL,
  created_ms BIGINT NOT NULL,
  block_signature VARBINARY(100) NOT NULL,
  UNIQUE KEY uk_anchor_ledger_accepted (accepted_size)
);

-- Keys generated for the embedded default when none is configured (tree-head signing, ledger, row MAC).
CREATE TABLE anchor_key (
  name VARCHAR(32) NOT NULL PRIMARY KEY,
  secret VARBINARY(64) NOT NULL,
  created_ms BIGINT NOT NULL
);
