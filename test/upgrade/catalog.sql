-- Everything that defines the extension's schema, one sorted line an item, so
-- databases can be compared with diff: columns, constraints, indexes, triggers,
-- policies, functions, ACLs, extension membership and pg_dump registration.
SELECT line FROM (
    SELECT format('column %s.%s %s %s default=%s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                  CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END, pg_get_expr(d.adbin, d.adrelid)) AS line
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE c.relnamespace = 'pod_amplify'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT format('constraint %s.%s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
    FROM pg_constraint WHERE connamespace = 'pod_amplify'::regnamespace
    UNION ALL
    SELECT format('index %s', pg_get_indexdef(indexrelid)) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
    WHERE c.relnamespace = 'pod_amplify'::regnamespace
    UNION ALL
    SELECT format('trigger %s %s', tgname, pg_get_triggerdef(t.oid)) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = 'pod_amplify'::regnamespace AND NOT t.tgisinternal
    UNION ALL
    SELECT format('policy %s.%s %s %s roles=%s using=%s check=%s', schemaname, policyname, tablename, cmd, roles, qual, with_check)
    FROM pg_policies WHERE schemaname = 'pod_amplify'
    UNION ALL
    SELECT format('table %s rls=%s force=%s acl=%s', relname, relrowsecurity, relforcerowsecurity, relacl)
    FROM pg_class WHERE relnamespace = 'pod_amplify'::regnamespace AND relkind IN ('r', 'v', 'S')
    UNION ALL
    SELECT format('function %s returns %s lang=%s vol=%s strict=%s definer=%s parallel=%s config=%s acl=%s src=%s bin=%s',
                  p.oid::regprocedure, pg_get_function_result(p.oid), l.lanname, p.provolatile, p.proisstrict,
                  p.prosecdef, p.proparallel, p.proconfig, p.proacl, md5(p.prosrc), p.probin)
    FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.pronamespace = 'pod_amplify'::regnamespace
    UNION ALL
    SELECT format('member %s', pg_describe_object(d.classid, d.objid, d.objsubid))
    FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
    WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND e.extname = 'pod_amplify'
    UNION ALL
    SELECT format('extension %s version=%s config=%s', extname, extversion,
                  (SELECT array_agg(c::regclass::text ORDER BY c::regclass::text) FROM unnest(extconfig) c))
    FROM pg_extension WHERE extname = 'pod_amplify'
) items ORDER BY line;
