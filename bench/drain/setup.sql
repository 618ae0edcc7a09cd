-- Drain benchmark data, on top of bench/setup.sql (members, posts, 100,000
-- activities): a pristine backlog of :jobs due activities (posts 1.., members
-- 1..1000, oldest first), kept in drain.seed, and the reset functions that put
-- a contender's queue back to the first n of that backlog before a run. The
-- 100,000 activities bench/setup.sql made are replaced by the backlog.
CREATE SCHEMA drain;
SET session_replication_role = replica;
CREATE TABLE drain.seed AS
    SELECT * FROM pod_amplify.pod_activities ORDER BY scheduled_for LIMIT :jobs;
UPDATE drain.seed SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL, executed_at = NULL,
       attempt_number = 1, max_attempts = 3, error_message = NULL, error_history = '[]', repost_url = NULL;
RESET session_replication_role;

-- The floor: a plain table of pod_activities' shape (its columns, defaults,
-- CHECK constraints and all ten indexes, the claim index included), no trigger,
-- no foreign key, no row-level security.
CREATE TABLE drain.floor_jobs (LIKE pod_amplify.pod_activities INCLUDING ALL);
-- The floor that also keeps the contract's score (floor-score): pod_members' shape, same rows, no trigger.
CREATE TABLE drain.floor_members (LIKE pod_amplify.pod_members INCLUDING ALL);
INSERT INTO drain.floor_members SELECT * FROM pod_amplify.pod_members;

-- pod_amplify's queue = the first n of the backlog, nothing else; scores back to 0.
-- The backlog's ids come back at every reset: successes a run's reports kept
-- waiting (busy answers) go too, or a claim of the next run would record them.
CREATE FUNCTION drain.reset_pod(n integer) RETURNS void LANGUAGE plpgsql SET session_replication_role = replica AS $$
BEGIN
    TRUNCATE pod_amplify.pod_activities, pod_amplify.waiting_successes;
    INSERT INTO pod_amplify.pod_activities SELECT * FROM drain.seed ORDER BY scheduled_for LIMIT n;
    UPDATE pod_amplify.pod_members SET participation_score = 0 WHERE participation_score <> 0;
END $$;
CREATE FUNCTION drain.reset_floor(n integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE drain.floor_jobs;
    INSERT INTO drain.floor_jobs SELECT * FROM drain.seed ORDER BY scheduled_for LIMIT n;
    UPDATE drain.floor_members SET participation_score = 0 WHERE participation_score <> 0;
END $$;
