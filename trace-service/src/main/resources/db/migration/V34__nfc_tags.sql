-- NFC chips (issue 20): NTAG 424 DNA tags bound to item codes, their SUN keys (encrypted with a key derived from the
-- key file's master key, AES-256-GCM, the organisation and UID as associated data: never readable from the database
-- alone), the last accepted read counter per chip, and the URL layouts (profiles) chips are programmed with.

-- The URL layouts. Built in: 'default' (picc_data, enc, cmac: encrypted PICC data) and 'plain' (uid, ctr, cmac:
-- plain mirroring). A brand's own profiles have its organisation; names are global (they are the tap URL's path).
CREATE TABLE nfc_profile (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT NULL,
  name VARCHAR(40) NOT NULL,
  mirroring VARCHAR(10) NOT NULL,
  picc_param VARCHAR(20) NOT NULL,
  enc_param VARCHAR(20) NOT NULL,
  cmac_param VARCHAR(20) NOT NULL,
  uid_param VARCHAR(20) NOT NULL,
  ctr_param VARCHAR(20) NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY uk_nfc_profile_name (name)
);

INSERT INTO nfc_profile (organisation_id, name, mirroring, picc_param, enc_param, cmac_param, uid_param, ctr_param)
VALUES (NULL, 'default', 'ENCRYPTED', 'picc_data', 'enc', 'cmac', 'uid', 'ctr'),
       (NULL, 'plain', 'PLAIN', 'picc_data', 'enc', 'cmac', 'uid', 'ctr');

-- The SDM meta-read keys of a brand's chips: the server needs one before it knows which chip tapped, so chips share
-- them (a brand has a few); fingerprint = HMAC-SHA256(derived key, organisation ‖ key), so the same key given twice
-- is one row.
CREATE TABLE nfc_meta_key (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT NOT NULL,
  fingerprint BINARY(32) NOT NULL,
  key_box VARBINARY(64) NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY uk_nfc_meta_key (organisation_id, fingerprint)
);

-- A brand's AN10922 master key, from which chips' keys are derived when a registration gives none.
CREATE TABLE nfc_master_key (
  organisation_id BIGINT PRIMARY KEY,
  key_box VARBINARY(64) NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
);

-- One chip: its 7-byte UID (upper-case hex; globally unique by manufacture), the item code it is bound to, its
-- file-read key (encrypted), and the last accepted read counter (-1: never tapped). A tap is accepted by one
-- conditional update (last_counter < the tap's counter), so two taps with one counter cannot both pass.
CREATE TABLE nfc_tag (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT NOT NULL,
  uid CHAR(14) NOT NULL,
  gtin VARCHAR(14) NOT NULL,
  serial VARCHAR(20) NOT NULL,
  profile_id BIGINT NOT NULL,
  meta_key_id BIGINT NOT NULL,
  file_key_box VARBINARY(64) NOT NULL,
  keys_derived BOOLEAN NOT NULL,
  last_counter INT NOT NULL DEFAULT -1,
  taps BIGINT NOT NULL DEFAULT 0,
  rejected_taps BIGINT NOT NULL DEFAULT 0,
  last_tap_ms BIGINT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  UNIQUE KEY uk_nfc_tag_uid (uid),
  KEY ix_nfc_tag_item (organisation_id, gtin, serial)
);
