-- graphile-worker's queue = :jobs no-op jobs, added in bulk with add_jobs as
-- its perfTest's init.js does (task "noop", payload {"id": i}, due now).
TRUNCATE graphile_worker._private_jobs CASCADE;
SELECT count(*) FROM graphile_worker.add_jobs(ARRAY(
    SELECT json_populate_record(NULL::graphile_worker.job_spec,
                                json_build_object('identifier', 'noop', 'payload', json_build_object('id', i)))
    FROM generate_series(1, :jobs) i));
