-- Code jobs in a fleet (issue 18): the node running a job (veritrace.node-name) and the time of its last batch, so
-- that a restarted node fails the jobs it was running at once, and a node with the jobs role can tell a job whose
-- node stopped for good (silent for veritrace.codes.job-stale-after) from one another node is still running.
ALTER TABLE code_job ADD COLUMN run_by VARCHAR(100) NULL;
ALTER TABLE code_job ADD COLUMN heartbeat_ms BIGINT NULL;
