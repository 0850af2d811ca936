-- API keys may expire; the last use is kept (written at most once a minute per key and node).
ALTER TABLE api_key ADD COLUMN expires_at DATETIME(6) NULL;
ALTER TABLE api_key ADD COLUMN last_used_at DATETIME(6) NULL;
