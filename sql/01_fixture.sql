-- Two tenants, written with 1.0-era SQL. Ids are readable: a… is client A, b… is B.
INSERT INTO pod_amplify.clients (id, name) VALUES
    ('a0000000-0000-4000-8000-000000000000', 'Acme'),
    ('b0000000-0000-4000-8000-000000000000', 'Globex');
INSERT INTO pod_amplify.users (id, client_id, email, full_name) VALUES
    ('a1000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'ann@acme.test', 'Ann Acme'),
    ('a2000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'al@acme.test', 'Al Acme'),
    ('a3000000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'amy@acme.test', 'Amy Acme'),
    ('b1000000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'bob@globex.test', 'Bob Globex');
INSERT INTO pod_amplify.linkedin_accounts (id, user_id, profile_url, unipile_account_id) VALUES
    ('a1a00000-0000-4000-8000-000000000000', 'a1000000-0000-4000-8000-000000000000', 'https://www.linkedin.com/in/ann-acme', 'unipileAnn01'),
    ('a2a00000-0000-4000-8000-000000000000', 'a2000000-0000-4000-8000-000000000000', 'https://www.linkedin.com/in/al-acme', 'unipileAl001'),
    ('b1a00000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000', 'https://www.linkedin.com/in/bob-globex', 'unipileBob01');
INSERT INTO pod_amplify.pods (id, client_id, name) VALUES
    ('a0d00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'Acme pod'),
    ('b0d00000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'Globex pod');
INSERT INTO pod_amplify.posts (id, client_id, author_id, content, status) VALUES
    ('a1b00000-0000-4000-8000-000000000000', 'a0000000-0000-4000-8000-000000000000', 'a1000000-0000-4000-8000-000000000000', 'Ann''s launch post', 'published'),
    ('b1b00000-0000-4000-8000-000000000000', 'b0000000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000', 'Bob''s post', 'published');
INSERT INTO pod_amplify.pod_members (id, pod_id, user_id, linkedin_account_id, role) VALUES
    ('a1e00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a1000000-0000-4000-8000-000000000000', 'a1a00000-0000-4000-8000-000000000000', 'owner'),
    ('a2e00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a2000000-0000-4000-8000-000000000000', 'a2a00000-0000-4000-8000-000000000000', 'member'),
    ('b1e00000-0000-4000-8000-000000000000', 'b0d00000-0000-4000-8000-000000000000', 'b1000000-0000-4000-8000-000000000000', 'b1a00000-0000-4000-8000-000000000000', 'owner');
INSERT INTO pod_amplify.pod_activities (id, pod_id, post_id, member_id, engagement_type, scheduled_for) VALUES
    ('a2c00000-0000-4000-8000-000000000000', 'a0d00000-0000-4000-8000-000000000000', 'a1b00000-0000-4000-8000-000000000000', 'a2e00000-0000-4000-8000-000000000000', 'repost', '2026-01-01 10:00+00');
SELECT (SELECT count(*) FROM pod_amplify.clients) AS clients,
       (SELECT count(*) FROM pod_amplify.users) AS users,
       (SELECT count(*) FROM pod_amplify.pod_members) AS members,
       (SELECT count(*) FROM pod_amplify.pod_activities) AS activities;
