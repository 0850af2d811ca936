-- One row that PlatformBootstrap locks (SELECT ... FOR UPDATE) for its whole transaction, so that nodes starting at
-- the same moment create the platform operator and issue or rotate the bootstrap admin key one after another: the
-- second waits, then sees what the first committed (issue 18).
CREATE TABLE bootstrap_lock (
  id INT NOT NULL PRIMARY KEY
);
INSERT INTO bootstrap_lock (id) VALUES (1);
