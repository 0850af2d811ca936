-- The portal (issue 13): people's accounts, single-use links (invitations, password resets), the audit log,
-- and the sessions that web nodes share (Spring Session JDBC's schema for MySQL, kept here so that Flyway
-- owns every table; spring.session.jdbc.initialize-schema=never).

ALTER TABLE organisation ADD COLUMN require_totp BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE portal_user (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT NOT NULL,
  email VARCHAR(254) NOT NULL,
  display_name VARCHAR(100) NOT NULL,
  role VARCHAR(16) NOT NULL,
  -- bcrypt; NULL until an invitation is accepted
  password_hash VARCHAR(100) NULL,
  status VARCHAR(16) NOT NULL,
  -- the TOTP shared secret (RFC 6238), base32; enabled once a code from it was confirmed
  totp_secret VARCHAR(64) NULL,
  totp_enabled BOOLEAN NOT NULL DEFAULT FALSE,
  -- the time step of the last code accepted: a code is good once
  totp_last_step BIGINT NULL,
  failed_logins INT NOT NULL DEFAULT 0,
  locked_until DATETIME(6) NULL,
  last_login_at DATETIME(6) NULL,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY uk_portal_user_email (email),
  KEY ix_portal_user_organisation (organisation_id, id),
  FOREIGN KEY (organisation_id) REFERENCES organisation (id)
);

CREATE TABLE account_token (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT NOT NULL,
  purpose VARCHAR(16) NOT NULL,
  -- SHA-256 of the link's secret: a database leak reveals no usable link
  token_hash BINARY(32) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  used_at DATETIME(6) NULL,
  UNIQUE KEY uk_account_token_hash (token_hash),
  KEY ix_account_token_user (user_id),
  FOREIGN KEY (user_id) REFERENCES portal_user (id) ON DELETE CASCADE
);

CREATE TABLE audit_entry (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT NOT NULL,
  at DATETIME(6) NOT NULL,
  -- who: a person (user id) or a program (API key id); the label is kept as it was then
  actor_user_id BIGINT NULL,
  actor_key_id BIGINT NULL,
  actor_label VARCHAR(300) NOT NULL,
  action VARCHAR(64) NOT NULL,
  target VARCHAR(300) NULL,
  detail VARCHAR(1000) NULL,
  KEY ix_audit_entry_organisation (organisation_id, id)
);

CREATE TABLE SPRING_SESSION (
  PRIMARY_ID CHAR(36) NOT NULL,
  SESSION_ID CHAR(36) NOT NULL,
  CREATION_TIME BIGINT NOT NULL,
  LAST_ACCESS_TIME BIGINT NOT NULL,
  MAX_INACTIVE_INTERVAL INT NOT NULL,
  EXPIRY_TIME BIGINT NOT NULL,
  PRINCIPAL_NAME VARCHAR(100),
  CONSTRAINT SPRING_SESSION_PK PRIMARY KEY (PRIMARY_ID)
);
CREATE UNIQUE INDEX SPRING_SESSION_IX1 ON SPRING_SESSION (SESSION_ID);
CREATE INDEX SPRING_SESSION_IX2 ON SPRING_SESSION (EXPIRY_TIME);
CREATE INDEX SPRING_SESSION_IX3 ON SPRING_SESSION (PRINCIPAL_NAME);

CREATE TABLE SPRING_SESSION_ATTRIBUTES (
  SESSION_PRIMARY_ID CHAR(36) NOT NULL,
  ATTRIBUTE_NAME VARCHAR(200) NOT NULL,
  ATTRIBUTE_BYTES BLOB NOT NULL,
  CONSTRAINT SPRING_SESSION_ATTRIBUTES_PK PRIMARY KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME),
  CONSTRAINT SPRING_SESSION_ATTRIBUTES_FK FOREIGN KEY (SESSION_PRIMARY_ID) REFERENCES SPRING_SESSION (PRIMARY_ID) ON DELETE CASCADE
);
