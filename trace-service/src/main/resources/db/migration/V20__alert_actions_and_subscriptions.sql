-- Alerts (issue 15, item 4): who acknowledged and who resolved an alert (acted_ms/acted_by keep the latest action),
-- and each portal user's mail subscriptions (docs/DECISIONS.md "Alert pages, subscriptions and sources (issue 15)").

ALTER TABLE alert ADD COLUMN acknowledged_ms BIGINT NULL;
ALTER TABLE alert ADD COLUMN acknowledged_by VARCHAR(320) NULL;
ALTER TABLE alert ADD COLUMN resolved_ms BIGINT NULL;
ALTER TABLE alert ADD COLUMN resolved_by VARCHAR(320) NULL;
-- the regulator's console lists every brand's alerts newest first
CREATE INDEX ix_alert_all ON alert (state, id);

-- Which alert kinds reach a person by mail, from which severity up (INFO, WARNING, CRITICAL); min_severity NULL:
-- none of that kind by mail. A kind without a row: owners and admins get all of it (as every notice), others none.
-- The inbox always has every alert; webhooks are per organisation.
CREATE TABLE alert_subscription (
  user_id BIGINT NOT NULL,
  kind VARCHAR(24) NOT NULL,
  min_severity VARCHAR(10) NULL,
  updated_ms BIGINT NOT NULL,
  PRIMARY KEY (user_id, kind),
  FOREIGN KEY (user_id) REFERENCES portal_user (id) ON DELETE CASCADE
);
