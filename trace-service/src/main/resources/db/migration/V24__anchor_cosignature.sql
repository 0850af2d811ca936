-- Witnesses' cosignatures on signed tree heads (issue 16, item 3; docs/TRANSPARENCY.md "Witnesses"):
-- at most one per head and witness key, accepted only from the witness keys the configuration names
-- (veritrace.anchor.witnesses) and only after the signature verified. witness_key_id: SHA-256 of
-- the raw public key.
CREATE TABLE anchor_cosignature (
  tree_size BIGINT NOT NULL,
  witness_key_id BINARY(32) NOT NULL,
  signature_algorithm VARCHAR(16) NOT NULL,
  public_key VARBINARY(100) NOT NULL,
  witness_time_ms BIGINT NOT NULL,
  signature VARBINARY(100) NOT NULL,
  received_ms BIGINT NOT NULL,
  PRIMARY KEY (tree_size, witness_key_id),
  CONSTRAINT fk_anchor_cosignature_head FOREIGN KEY (tree_size) REFERENCES anchor_tree_head (tree_size)
);
