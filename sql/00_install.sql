-- Installs the default version; the 1.0-era tests that follow must pass on it.
CREATE EXTENSION pod_amplify;
SELECT count(*) AS tables FROM pg_tables WHERE schemaname = 'pod_amplify';
