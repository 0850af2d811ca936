-- Notifications (issue 14): what an organisation is told (its inbox), and each notice's durable deliveries by
-- signed webhook and by mail, with a log of every attempt.

-- A notice to one organisation. What it says is fixed when it is posted, in both languages of the portal (a
-- recall notice quotes the recall's instructions, themselves per language), so the inbox, the mails and the
-- webhooks say the same; payload is the exact JSON body its webhooks carry (signed byte for byte, the same at
-- every retry). notice_key makes posting idempotent: a hand-off replayed after a crash finds the notice and
-- makes nothing twice. Read state is the organisation's.
CREATE TABLE notice (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT NOT NULL,
  notice_key VARCHAR(120) NOT NULL,
  kind VARCHAR(32) NOT NULL,
  subject_id VARCHAR(64) NULL,
  title_en VARCHAR(500) NOT NULL,
  title_zh VARCHAR(500) NOT NULL,
  body_en TEXT NOT NULL,
  body_zh TEXT NOT NULL,
  link VARCHAR(300) NOT NULL,
  payload TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  read_ms BIGINT NULL,
  read_by VARCHAR(320) NULL,
  UNIQUE KEY uk_notice_key (organisation_id, notice_key),
  KEY ix_notice_inbox (organisation_id, id),
  KEY ix_notice_unread (organisation_id, read_ms),
  FOREIGN KEY (organisation_id) REFERENCES organisation (id)
);

-- An organisation's webhook endpoint. The signing secret must be usable (HMAC), so it is kept encrypted:
-- AES-256-GCM, nonce || ciphertext || tag, under a key every node shares (docs/DECISIONS.md); secret_hint is
-- its first characters, for people to tell secrets apart. A removed endpoint keeps its row for its log.
CREATE TABLE webhook_endpoint (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT NOT NULL,
  url VARCHAR(500) NOT NULL,
  description VARCHAR(200) NULL,
  secret_box VARBINARY(128) NOT NULL,
  secret_hint VARCHAR(16) NOT NULL,
  created_ms BIGINT NOT NULL,
  created_by VARCHAR(320) NOT NULL,
  removed_ms BIGINT NULL,
  KEY ix_webhook_endpoint_org (organisation_id, removed_ms),
  FOREIGN KEY (organisation_id) REFERENCES organisation (id)
);

-- One delivery of a notice: to a webhook endpoint (target = its id) or to a person's address (MAIL), unique per
-- (notice, channel, target). PENDING rows are the queue every node works: a node claims a due row by writing
-- its lease (lease_owner, lease_until_ms) with a conditional UPDATE, and after the attempt moves it on
-- (DELIVERED, FAILED after the last attempt, CANCELLED when its endpoint is removed, or PENDING with the next
-- attempt's time). A node that dies leaves its lease to run out.
CREATE TABLE notice_delivery (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  notice_id BIGINT NOT NULL,
  channel VARCHAR(8) NOT NULL,
  target VARCHAR(254) NOT NULL,
  endpoint_id BIGINT NULL,
  status VARCHAR(12) NOT NULL,
  attempts INT NOT NULL,
  next_attempt_ms BIGINT NOT NULL,
  lease_owner VARCHAR(64) NULL,
  lease_until_ms BIGINT NULL,
  created_ms BIGINT NOT NULL,
  finished_ms BIGINT NULL,
  UNIQUE KEY uk_notice_delivery (notice_id, channel, target),
  KEY ix_notice_delivery_due (status, next_attempt_ms),
  KEY ix_notice_delivery_endpoint (endpoint_id, status),
  FOREIGN KEY (notice_id) REFERENCES notice (id),
  FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoint (id)
);

-- Every attempt: of a delivery (delivery_id; by webhook also endpoint_id), or the signed ping that registers an
-- endpoint (endpoint_id only). status_code is the HTTP status of a webhook's answer when one came.
CREATE TABLE notice_attempt (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  delivery_id BIGINT NULL,
  endpoint_id BIGINT NULL,
  attempt INT NOT NULL,
  at_ms BIGINT NOT NULL,
  duration_ms BIGINT NOT NULL,
  status_code INT NULL,
  delivered BOOLEAN NOT NULL,
  error VARCHAR(500) NULL,
  KEY ix_notice_attempt_endpoint (endpoint_id, id),
  KEY ix_notice_attempt_delivery (delivery_id, id)
);
