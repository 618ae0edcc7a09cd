-- Installs the default version; the 1.0-era tests that follow must pass on it.
CREATE EXTENSION pod_amplify;
SELECT extversion FROM pg_extension WHERE extname = 'pod_amplify';
