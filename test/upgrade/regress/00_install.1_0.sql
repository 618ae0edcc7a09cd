-- Variant of sql/00_install.sql for the 1.0 run: the deployed version exactly.
CREATE EXTENSION pod_amplify VERSION '1.0';
SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify';
