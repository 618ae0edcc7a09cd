-- Variant of sql/00_install.sql for the 1.1 run: a database still at 1.1,
-- served by this shared library.
CREATE EXTENSION pod_amplify VERSION '1.0';
ALTER EXTENSION pod_amplify UPDATE TO '1.1';
SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify';
