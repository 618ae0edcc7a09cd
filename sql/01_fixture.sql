-- Two tenants, written with 1.0-era SQL: sql/fixtures/tenants.sql, the rows
-- every 0x test starts from. Ids are readable: a… is client A, b… is B.
\getenv abs_srcdir PG_ABS_SRCDIR
\i :abs_srcdir/sql/fixtures/tenants.sql
SELECT (SELECT count(*) FROM pod_amplify.clients) AS clients,
       (SELECT count(*) FROM pod_amplify.users) AS users,
       (SELECT count(*) FROM pod_amplify.pod_members) AS members,
       (SELECT count(*) FROM pod_amplify.pod_activities) AS activities;
