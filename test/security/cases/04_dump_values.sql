-- Values that cannot be dumped: whatever the API lets a tenant store survives
-- pg_dump / pg_restore, every row of every tenant. Each write that succeeds is
-- followed by a full round trip (the runner); times the engine computes stay
-- inside a documented horizon.

-- @case schedule_post_at_the_end_of_time_is_refused
-- @as tenant_a
-- @expect 22023
SELECT pod_amplify.schedule_post('a2b00000-0000-4000-8000-000000000000', 'like', '294276-12-31 23:59:00+00');

-- @case schedule_post_at_infinity_is_refused
-- @as tenant_a
-- @expect 22023
SELECT pod_amplify.schedule_post('a2b00000-0000-4000-8000-000000000000', 'like', 'infinity');

-- @case schedule_post_a_year_and_a_day_ahead_is_refused
-- @as tenant_a
-- @expect 22023
SELECT pod_amplify.schedule_post('a2b00000-0000-4000-8000-000000000000', 'like', now() + interval '366 days');

-- @case schedule_post_long_ago_is_refused
-- @as tenant_a
-- @expect 22023
SELECT pod_amplify.schedule_post('a2b00000-0000-4000-8000-000000000000', 'like', '4713-01-01 00:00:00+00 BC');

-- @case a_tenant_reschedules_to_the_largest_time_postgres_accepts
-- @as tenant_a
-- @expect ok
UPDATE pod_amplify.pod_activities SET scheduled_for = '294276-12-31 23:59:59.999999+00' WHERE id = 'a1c00002-0000-4000-8000-000000000000';

-- @case a_tenant_reschedules_to_minus_infinity
-- @as tenant_a
-- @expect ok
UPDATE pod_amplify.pod_activities SET scheduled_for = '-infinity' WHERE id = 'a1c00002-0000-4000-8000-000000000000';

-- @case then_scheduling_next_to_extreme_times_still_stays_in_range
-- @as tenant_a
-- @expect ok
SELECT pod_amplify.schedule_post('a2b00000-0000-4000-8000-000000000000', 'repost', now());

-- @case retries_after_the_longest_delay_stay_in_range
-- @as worker
-- @expect ok
BEGIN;
SELECT count(*) FROM pod_amplify.claim_activities('dump-probe', 50) \gset
SELECT count(*) FROM pod_amplify.report_activities('dump-probe', ARRAY(SELECT id FROM pod_amplify.pod_activities WHERE lease_owner = 'dump-probe'),
    ARRAY(SELECT 'retry' FROM pod_amplify.pod_activities WHERE lease_owner = 'dump-probe'),
    ARRAY(SELECT E'\\x01 weird \t text \u202e rtl ' || repeat('é', 100) FROM pod_amplify.pod_activities WHERE lease_owner = 'dump-probe'));
COMMIT;

-- @case comment_texts_with_every_kind_of_character
-- @as tenant_a
-- @expect ok
UPDATE pod_amplify.pods SET settings = jsonb_build_object('comment_texts',
    jsonb_build_array('👏 Bravo!', E'Line one\nline two', 'Quote " and backslash \\ and tab	', repeat('x', 3000), 'مرحبا', 'ＡＢＣ'))
WHERE id = 'a1d00000-0000-4000-8000-000000000000';

-- @case a_scheduled_comment_takes_such_a_text
-- @as tenant_a
-- @expect ok
SELECT pod_amplify.schedule_post('a1b00000-0000-4000-8000-000000000000', 'comment', now());

-- @case the_largest_content_a_tenant_may_store
-- @as tenant_a
-- @expect ok
INSERT INTO pod_amplify.posts (client_id, author_id, status, content)
VALUES ('a0000000-0000-4000-8000-000000000000', 'a1000000-0000-4000-8000-000000000000', 'draft', repeat(E'Ünïcödé \\ "q" \t', 200000));

-- @case nested_settings_json_of_the_application
-- @as tenant_a
-- @expect ok
UPDATE pod_amplify.pods SET settings = settings || jsonb_build_object('app', (repeat('[', 500) || '1' || repeat(']', 500))::jsonb)
WHERE id = 'a2d00000-0000-4000-8000-000000000000';

-- @case odd_but_valid_profile_urls_of_1_0_accounts
-- @as tenant_a
-- @expect ok
INSERT INTO pod_amplify.linkedin_accounts (user_id, profile_url, unipile_account_id) VALUES
    ('a3000000-0000-4000-8000-000000000000', '  https://WWW.LinkedIn.com/in/Odd%20One/?x=1#y  ', NULL),
    ('a3000000-0000-4000-8000-000000000000', 'not a url at all', NULL);

-- @case a_user_time_zone_with_odd_case_is_stored_canonical
-- @as tenant_a
-- @expect value Asia/Kathmandu
UPDATE pod_amplify.users SET timezone = 'ASIA/KATHMANDU' WHERE id = 'a3000000-0000-4000-8000-000000000000';
SELECT timezone FROM pod_amplify.users WHERE id = 'a3000000-0000-4000-8000-000000000000';

-- @case the_latest_legal_not_before_is_stored_and_restored
-- @as tenant_b
-- @expect ok
SELECT pod_amplify.schedule_post('b2b00000-0000-4000-8000-000000000000', 'like', now() + interval '364 days');

-- @case late_success_and_lapse_histories_restore
-- @as worker
-- @expect ok
BEGIN;
SELECT count(*) FROM pod_amplify.claim_activities('dump-probe-2', 5, '1 second') \gset
COMMIT;
SELECT pg_sleep(1.2);
SELECT count(*) AS reaped_and_claimed FROM pod_amplify.claim_activities('dump-probe-3', 1) \gset
SELECT count(*) FROM pod_amplify.report_activities('dump-probe-2',
    ARRAY(SELECT a.id FROM pod_amplify.pod_activities a, jsonb_array_elements(a.error_history) e WHERE e ->> 'worker' = 'dump-probe-2'),
    ARRAY(SELECT 'success' FROM pod_amplify.pod_activities a, jsonb_array_elements(a.error_history) e WHERE e ->> 'worker' = 'dump-probe-2'));
