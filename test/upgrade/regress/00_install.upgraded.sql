-- Variant of sql/00_install.sql for the upgraded run: 1.0, then the migrations.
CREATE EXTENSION pod_amplify VERSION '1.0';
ALTER EXTENSION pod_amplify UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify';
