-- Helpers for interleavings that must give a FAIL verdict, not no verdict,
-- when a statement waited past its lock timeout (included with \ir).
-- A query's one text value, or its error.
CREATE FUNCTION pg_temp.value_of(p_sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE v text;
BEGIN
  EXECUTE p_sql INTO v;
  RETURN coalesce(v, '(none)');
EXCEPTION WHEN query_canceled OR others THEN
  RETURN 'ERROR: ' || SQLERRM;
END $$;
-- A statement's outcome: 'ok', or its error.
CREATE FUNCTION pg_temp.outcome_of(p_sql text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE p_sql;
  RETURN 'ok';
EXCEPTION WHEN query_canceled OR others THEN
  RETURN 'ERROR: ' || SQLERRM;
END $$;
