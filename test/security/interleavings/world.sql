-- The world every interleaving starts from (test/security/fixture.sql without
-- its activities): tenants A (a...) and B (b...), four users each with a
-- LinkedIn account, two pods each (members 1-3 in pod 1, 4 in pod 2), posts 1
-- (by user 1), 2 (by user 2) and 3 (a draft). open(name, user) starts a session
-- of that tenant user with the README's grants, as PostgREST's "authenticated" would.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pod_amplify;
CREATE EXTENSION IF NOT EXISTS dblink;
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'il_tenant') THEN CREATE ROLE il_tenant; END IF;
END $$;
GRANT USAGE ON SCHEMA pod_amplify TO il_tenant;
GRANT SELECT ON pod_amplify.clients TO il_tenant;
GRANT SELECT, INSERT, UPDATE, DELETE ON pod_amplify.users, pod_amplify.linkedin_accounts, pod_amplify.pods,
    pod_amplify.pod_members, pod_amplify.posts TO il_tenant;
GRANT SELECT, INSERT ON pod_amplify.pod_activities TO il_tenant;
-- The attack suite's tenants, users, accounts, pods, members and posts; none of
-- its activities: each interleaving writes its own.
\ir ../fixture.sql
DELETE FROM pod_amplify.pod_activities;
RESET pod_amplify.auto_schedule;

CREATE FUNCTION pg_temp.open(p_name text, p_user text) RETURNS void LANGUAGE sql AS $$
  SELECT dblink_connect(p_name, format('dbname=%s host=%s port=%s user=%s', current_database(),
         split_part(current_setting('unix_socket_directories'), ',', 1), current_setting('port'), current_user));
  SELECT dblink_exec(p_name, 'SET ROLE il_tenant');
  SELECT dblink_exec(p_name, format('SET request.jwt.claims = %L', json_build_object('sub', p_user)));
$$;
-- Runs a statement in a session and says how it ended: 'ok' or its SQLSTATE.
CREATE FUNCTION pg_temp.run(p_name text, p_sql text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  IF p_sql ~* '^\s*SELECT' THEN
    PERFORM * FROM dblink(p_name, p_sql) AS t(x text);
  ELSE
    PERFORM dblink_exec(p_name, p_sql);
  END IF;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  RETURN substr(SQLERRM, 1, 200);
END $$;
-- Waits for a statement sent with dblink_send_query: 'ok' or its error message.
CREATE FUNCTION pg_temp.result(p_name text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_message text;
BEGIN
  PERFORM * FROM dblink_get_result(p_name, false) AS t(x text);
  v_message := dblink_error_message(p_name);
  PERFORM * FROM dblink_get_result(p_name, false) AS t(x text);  -- the end of the results
  RETURN CASE WHEN v_message = 'OK' THEN 'ok' ELSE substr(v_message, 1, 200) END;
END $$;
-- The verdict line the runner reads: every rule holds for every tenant.
CREATE FUNCTION pg_temp.rules_hold() RETURNS text LANGUAGE sql AS $$
  SELECT CASE WHEN count(*) = 0 THEN 'verdict: PASS'
              ELSE 'verdict: FAIL rule_violations(): ' || string_agg(rule || ' ' || table_name, ', ') END
  FROM pod_amplify.rule_violations();
$$;
RESET client_min_messages;
