-- A seeded corpus of hostile calls: every public function and a write to every
-- table column, with NULLs, empty and 1 MB strings, multibyte text, extreme
-- integers, infinite and negative times, unknown ids and another tenant's ids.
-- Each call runs in its own subtransaction, as tenant A's non-superuser role.
-- psql variables: :seed, :calls. Results land in fuzz_results.
\if :{?seed}
\else
\set seed 42
\endif
\if :{?calls}
\else
\set calls 3000
\endif
CREATE TABLE public.fuzz_results (n integer, target text, sqlstate text, message text, unchanged boolean);
GRANT INSERT, SELECT ON public.fuzz_results TO fuzz_tenant;

-- A fingerprint of every table, to prove a refused call wrote nothing.
CREATE FUNCTION public.fuzz_fingerprint() RETURNS text LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$
    SELECT md5(concat_ws('|',
        (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM pod_amplify.clients t),
        (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM pod_amplify.users t),
        (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM pod_amplify.linkedin_accounts t),
        (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM pod_amplify.posts t),
        (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM pod_amplify.pods t),
        (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM pod_amplify.pod_members t),
        (SELECT string_agg(t::text, ',' ORDER BY t.id) FROM pod_amplify.pod_activities t)))
$$;
GRANT EXECUTE ON FUNCTION public.fuzz_fingerprint() TO fuzz_tenant;

SET ROLE fuzz_tenant;
SET request.jwt.claims = '{"sub": "a1000000-0000-4000-8000-000000000000"}';
SELECT setseed(:seed / 1000000.0);
SELECT set_config('pod_amplify_fuzz.calls', :'calls', false) \gset
DO $fuzz$
DECLARE
    texts text[] := ARRAY[NULL, '', ' ', 'x', repeat('x', 1000000), repeat('é', 300), 'a😀b', left('😀😀😀', 2),
        'like', 'comment', 'repost', 'share', 'pending', 'success', 'failed', 'completed', 'owner', 'member',
        'https://www.linkedin.com/in/jane-doe', 'https://www.linkedin.com@evil.io/in/x', 'javascript:alert(1)',
        'linkedin.com/in/ab😀cd', 'https://www.linkedin.com/feed/update/urn:li:activity:1/', 'unipileAbc123',
        E'tab\there', 'NULL', '''; DROP TABLE pod_amplify.posts; --', '{"sub": 1}', repeat('🙂', 5000)];
    ints text[] := ARRAY['NULL', '0', '1', '-1', '2', '10', '1000', '1001', '2147483647', '-2147483648'];
    times text[] := ARRAY['NULL', 'now()', '''infinity''', '''-infinity''', '''1970-01-01''', '''294276-12-31''', '''4713-01-01 BC'''];
    intervals text[] := ARRAY['NULL', '''0''', '''-1 second''', '''1 month''', '''1 microsecond''', '''2 days''', '''100 years''', '''5 minutes'''];
    bools text[] := ARRAY['NULL', 'true', 'false'];
    ids text[] := ARRAY['NULL', '''a1c00000-0000-4000-8000-000000000000''', '''b1c00000-0000-4000-8000-000000000000''',
        '''f0000000-0000-4000-8000-000000000000''', '''a1b00000-0000-4000-8000-000000000000''', '''b1b00000-0000-4000-8000-000000000000''',
        '''a0d00000-0000-4000-8000-000000000000''', '''b0d00000-0000-4000-8000-000000000000''', '''a2e00000-0000-4000-8000-000000000000''',
        '''b2e00000-0000-4000-8000-000000000000''', '''a0000000-0000-4000-8000-000000000000''', '''b0000000-0000-4000-8000-000000000000''',
        '''a2000000-0000-4000-8000-000000000000''', '''a3000000-0000-4000-8000-000000000000''', '''a2a00000-0000-4000-8000-000000000000''',
        'gen_random_uuid()'];
    id_arrays text[] := ARRAY['NULL', '''{}''', 'ARRAY[NULL]::uuid[]', 'ARRAY[''a1c00000-0000-4000-8000-000000000000'']::uuid[]',
        'ARRAY[''a1c00000-0000-4000-8000-000000000000'', ''b1c00000-0000-4000-8000-000000000000'']::uuid[]',
        'ARRAY[''a1c00000-0000-4000-8000-000000000000'', ''a1c00000-0000-4000-8000-000000000000'']::uuid[]',
        'array_fill(gen_random_uuid(), ARRAY[10001])', 'ARRAY[[''a1c00000-0000-4000-8000-000000000000'']]::uuid[]'];
    text_arrays text[] := ARRAY['NULL', '''{}''', 'ARRAY[NULL]::text[]', 'ARRAY[''HTTP 429'']', 'ARRAY['''']', 'ARRAY[repeat(''e'', 9000)]',
        'ARRAY[''a'', ''b'']', 'ARRAY[''https://www.linkedin.com/feed/1'']'];
    jsons text[] := ARRAY['NULL', '''{}''', '''{"retry_jitter": 2}''', '''{"lease_duration": "soon"}''', '''{"member_daily_cap": -1}''',
        '''{"auto_schedule": "maybe"}''', '''{"retry_base_delay": [1]}''', '''{"lease_duration": "2min"}''', '''[]''', '''"x"'''];
    targets text[] := ARRAY['schedule_post', 'claim_activities', 'complete_activity', 'complete_activities', 'fail_activity',
        'fail_activities', 'retry_activity', 'extend_lease', 'retry_delay', 'activity_stats', 'setting_value',
        'normalize_linkedin_url', 'check_unipile_account_id', 'current_user_id', 'current_client_id',
        'insert clients', 'insert users', 'insert linkedin_accounts', 'insert posts', 'update posts', 'insert pods',
        'update pods', 'insert pod_members', 'update pod_members', 'insert pod_activities', 'update pod_activities',
        'delete pod_activities'];
    n integer;
    target text;
    stmt text;
    before text;
    state text;
    msg text;
BEGIN
    FOR n IN 1 .. current_setting('pod_amplify_fuzz.calls')::int LOOP
        target := targets[1 + floor(random() * array_length(targets, 1))::int];
        stmt := CASE target
            WHEN 'schedule_post' THEN format('SELECT pod_amplify.schedule_post(%s, %L, %s)', ids[1 + floor(random() * 16)::int], texts[1 + floor(random() * 29)::int], times[1 + floor(random() * 7)::int])
            WHEN 'claim_activities' THEN format('SELECT count(*) FROM pod_amplify.claim_activities(%L, %s, %s::interval)', texts[1 + floor(random() * 29)::int], ints[1 + floor(random() * 10)::int], intervals[1 + floor(random() * 8)::int])
            WHEN 'complete_activity' THEN format('SELECT pod_amplify.complete_activity(%s, %L, %L)', ids[1 + floor(random() * 16)::int], texts[1 + floor(random() * 29)::int], texts[1 + floor(random() * 29)::int])
            WHEN 'complete_activities' THEN format('SELECT count(*) FROM pod_amplify.complete_activities(%s, %s, %L)', id_arrays[1 + floor(random() * 8)::int], text_arrays[1 + floor(random() * 8)::int], texts[1 + floor(random() * 29)::int])
            WHEN 'fail_activity' THEN format('SELECT pod_amplify.fail_activity(%s, %L, %s, %L)', ids[1 + floor(random() * 16)::int], texts[1 + floor(random() * 29)::int], bools[1 + floor(random() * 3)::int], texts[1 + floor(random() * 29)::int])
            WHEN 'fail_activities' THEN format('SELECT count(*) FROM pod_amplify.fail_activities(%s, %s, %s, %L)', id_arrays[1 + floor(random() * 8)::int], text_arrays[1 + floor(random() * 8)::int], bools[1 + floor(random() * 3)::int], texts[1 + floor(random() * 29)::int])
            WHEN 'retry_activity' THEN format('SELECT pod_amplify.retry_activity(%s, %s)', ids[1 + floor(random() * 16)::int], ints[1 + floor(random() * 10)::int])
            WHEN 'extend_lease' THEN format('SELECT pod_amplify.extend_lease(%s, %L, %s::interval)', ids[1 + floor(random() * 16)::int], texts[1 + floor(random() * 29)::int], intervals[1 + floor(random() * 8)::int])
            WHEN 'retry_delay' THEN format('SELECT pod_amplify.retry_delay(%s)', ints[1 + floor(random() * 10)::int])
            WHEN 'activity_stats' THEN format('SELECT count(*) FROM pod_amplify.activity_stats(%L, %s)', texts[1 + floor(random() * 29)::int], ids[1 + floor(random() * 16)::int])
            WHEN 'setting_value' THEN format('SELECT pod_amplify.setting_value(%s::jsonb, %L)', jsons[1 + floor(random() * 10)::int], texts[1 + floor(random() * 29)::int])
            WHEN 'normalize_linkedin_url' THEN format('SELECT pod_amplify.normalize_linkedin_url(%L)', texts[1 + floor(random() * 29)::int])
            WHEN 'check_unipile_account_id' THEN format('SELECT pod_amplify.check_unipile_account_id(%L)', texts[1 + floor(random() * 29)::int])
            WHEN 'current_user_id' THEN 'SELECT pod_amplify.current_user_id()'
            WHEN 'current_client_id' THEN 'SELECT pod_amplify.current_client_id()'
            WHEN 'insert clients' THEN format('INSERT INTO pod_amplify.clients (id, name) VALUES (%s, %L)', ids[1 + floor(random() * 16)::int], texts[1 + floor(random() * 29)::int])
            WHEN 'insert users' THEN format('INSERT INTO pod_amplify.users (client_id, email, full_name) VALUES (%s, %L, %L)', ids[1 + floor(random() * 16)::int], texts[1 + floor(random() * 29)::int], texts[1 + floor(random() * 29)::int])
            WHEN 'insert linkedin_accounts' THEN format('INSERT INTO pod_amplify.linkedin_accounts (user_id, profile_url, unipile_account_id, status) VALUES (%s, %L, %L, %L)', ids[1 + floor(random() * 16)::int], texts[1 + floor(random() * 29)::int], texts[1 + floor(random() * 29)::int], texts[1 + floor(random() * 29)::int])
            WHEN 'insert posts' THEN format('INSERT INTO pod_amplify.posts (client_id, author_id, content, status, published_at) VALUES (%s, %s, %L, %L, %s)', ids[1 + floor(random() * 16)::int], ids[1 + floor(random() * 16)::int], texts[1 + floor(random() * 29)::int], texts[1 + floor(random() * 29)::int], times[1 + floor(random() * 7)::int])
            WHEN 'update posts' THEN format('UPDATE pod_amplify.posts SET status = %L WHERE id = %s', texts[1 + floor(random() * 29)::int], ids[1 + floor(random() * 16)::int])
            WHEN 'insert pods' THEN format('INSERT INTO pod_amplify.pods (client_id, name, settings, min_members) VALUES (%s, %L, COALESCE(%s::jsonb, ''{}''), %s)', ids[1 + floor(random() * 16)::int], texts[1 + floor(random() * 29)::int], jsons[1 + floor(random() * 10)::int], ints[1 + floor(random() * 10)::int])
            WHEN 'update pods' THEN format('UPDATE pod_amplify.pods SET settings = %s::jsonb WHERE id = %s', jsons[1 + floor(random() * 10)::int], ids[1 + floor(random() * 16)::int])
            WHEN 'insert pod_members' THEN format('INSERT INTO pod_amplify.pod_members (pod_id, client_id, user_id, linkedin_account_id, role, name, linkedin_url, unipile_account_id) VALUES (%s, %s, %s, %s, %L, %L, %L, %L)', ids[1 + floor(random() * 16)::int], ids[1 + floor(random() * 16)::int], ids[1 + floor(random() * 16)::int], ids[1 + floor(random() * 16)::int], texts[1 + floor(random() * 29)::int], texts[1 + floor(random() * 29)::int], texts[1 + floor(random() * 29)::int], texts[1 + floor(random() * 29)::int])
            WHEN 'update pod_members' THEN format('UPDATE pod_amplify.pod_members SET linkedin_url = %L, unipile_account_id = %L, participation_score = %s WHERE id = %s', texts[1 + floor(random() * 29)::int], texts[1 + floor(random() * 29)::int], ints[1 + floor(random() * 10)::int], ids[1 + floor(random() * 16)::int])
            WHEN 'insert pod_activities' THEN format('INSERT INTO pod_amplify.pod_activities (pod_id, post_id, member_id, engagement_type, action, status, scheduled_for, attempt_number, max_attempts) VALUES (%s, %s, %s, %L, %L, %L, COALESCE(%s, now()), COALESCE(%s, 1), COALESCE(%s, 3))', ids[1 + floor(random() * 16)::int], ids[1 + floor(random() * 16)::int], ids[1 + floor(random() * 16)::int], texts[1 + floor(random() * 29)::int], texts[1 + floor(random() * 29)::int], texts[1 + floor(random() * 29)::int], times[1 + floor(random() * 7)::int], ints[1 + floor(random() * 10)::int], ints[1 + floor(random() * 10)::int])
            WHEN 'update pod_activities' THEN format('UPDATE pod_amplify.pod_activities SET status = %L, attempt_number = COALESCE(%s, attempt_number), lease_owner = %L WHERE id = %s', texts[1 + floor(random() * 29)::int], ints[1 + floor(random() * 10)::int], texts[1 + floor(random() * 29)::int], ids[1 + floor(random() * 16)::int])
            ELSE format('DELETE FROM pod_amplify.pod_activities WHERE id = %s', ids[1 + floor(random() * 16)::int])
        END;
        before := public.fuzz_fingerprint();
        BEGIN
            EXECUTE stmt;
            INSERT INTO public.fuzz_results VALUES (n, target, '00000', NULL, NULL);
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
            INSERT INTO public.fuzz_results VALUES (n, target, state, left(msg, 300), public.fuzz_fingerprint() = before);
        END;
    END LOOP;
END
$fuzz$;
RESET ROLE;
