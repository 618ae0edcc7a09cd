#include "pg/settings/engine_settings.hpp"

#include "pg/runtime/boundary.hpp"
#include "pg/runtime/datum.hpp"

#include <cstring>

namespace pod_amplify::pg {

namespace {

constexpr int kMaxSettings = 16;
int int_values[kMaxSettings];
double real_values[kMaxSettings];
bool bool_values[kMaxSettings];

std::size_t index_of(const core::SettingSpec &spec)
{
    std::size_t n;
    const core::SettingSpec *all = core::engine_settings(&n);
    return static_cast<std::size_t>(&spec - all);
}

// Raises the core's range error as a PostgreSQL error (plain-data frame).
void check_range_or_raise(const core::SettingSpec &spec, double value, const char *where)
{
    PendingError pending;
    pending.sqlerrcode = 0;
    try {
        core::check_setting_range(spec, value, where);
    } catch (const core::RuleError &e) {
        capture_rule_error(pending, e);
    }
    if (pending.sqlerrcode != 0)
        raise_pending(pending);
}

}  // namespace

void define_engine_settings()
{
    std::size_t n;
    const core::SettingSpec *all = core::engine_settings(&n);
    for (std::size_t i = 0; i < n && i < kMaxSettings; i++) {
        const core::SettingSpec &s = all[i];
        char *name = psprintf("pod_amplify.%s", s.name);
        switch (s.kind) {
        case core::SettingKind::Seconds:
            DefineCustomIntVariable(name, s.description, "Per pod: the same key in pods.settings.", &int_values[i],
                                    static_cast<int>(s.default_value), static_cast<int>(s.min),
                                    static_cast<int>(s.max), PGC_USERSET, GUC_UNIT_S, nullptr, nullptr, nullptr);
            break;
        case core::SettingKind::Integer:
            DefineCustomIntVariable(name, s.description, "Per pod: the same key in pods.settings.", &int_values[i],
                                    static_cast<int>(s.default_value), static_cast<int>(s.min),
                                    static_cast<int>(s.max), PGC_USERSET, 0, nullptr, nullptr, nullptr);
            break;
        case core::SettingKind::Fraction:
            DefineCustomRealVariable(name, s.description, "Per pod: the same key in pods.settings.", &real_values[i],
                                     s.default_value, s.min, s.max, PGC_USERSET, 0, nullptr, nullptr, nullptr);
            break;
        case core::SettingKind::Boolean:
            DefineCustomBoolVariable(name, s.description, "Per pod: the same key in pods.settings.", &bool_values[i],
                                     s.default_value != 0, PGC_USERSET, 0, nullptr, nullptr, nullptr);
            break;
        }
    }
}

double session_setting(const core::SettingSpec &spec)
{
    const std::size_t i = index_of(spec);
    switch (spec.kind) {
    case core::SettingKind::Fraction: return real_values[i];
    case core::SettingKind::Boolean: return bool_values[i] ? 1 : 0;
    default: return int_values[i];
    }
}

bool pod_override(Jsonb *settings, const core::SettingSpec &spec, double *value, SettingsRead mode)
{
    if (settings == nullptr || !JB_ROOT_IS_OBJECT(settings))
        return false;
    JsonbValue found;
    if (getKeyJsonValueFromContainer(&settings->root, spec.name, static_cast<int>(strlen(spec.name)), &found) ==
        nullptr)
        return false;
    const bool strict = mode == SettingsRead::Strict;
    const char *where = "pods.settings";
    if (found.type == jbvNumeric) {
        // No overflow error for absurd numbers: they fail the range check below.
        *value = DatumGetFloat8(DirectFunctionCall1(numeric_float8_no_overflow, NumericGetDatum(found.val.numeric)));
    } else if (found.type == jbvBool && spec.kind == core::SettingKind::Boolean) {
        *value = found.val.boolean ? 1 : 0;
    } else if (found.type == jbvString) {
        // Strings take the syntax of the setting itself: '90s', '5min', 'on'...
        char *text = pnstrdup(found.val.string.val, found.val.string.len);
        const char *hint = nullptr;
        bool ok;
        if (spec.kind == core::SettingKind::Seconds || spec.kind == core::SettingKind::Integer) {
            int parsed = 0;
            ok = parse_int(text, &parsed, spec.kind == core::SettingKind::Seconds ? GUC_UNIT_S : 0, &hint);
            *value = parsed;
        } else if (spec.kind == core::SettingKind::Fraction) {
            ok = parse_real(text, value, 0, &hint);
        } else {
            bool b = false;
            ok = parse_bool(text, &b);
            *value = b ? 1 : 0;
        }
        if (!ok) {
            if (!strict)
                return false;
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("invalid value for %s in %s: \"%s\"", spec.name, where, text),
                            hint ? errhint("%s", hint) : 0));
        }
    } else {
        if (!strict)
            return false;
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("invalid value for %s in %s: a %s is not allowed", spec.name, where,
                               found.type == jbvNull ? "null" : "JSON object or array")));
    }
    if (!strict)
        return core::setting_in_range(spec, *value);
    check_range_or_raise(spec, *value, where);
    return true;
}

core::EngineSettings effective_settings(Jsonb *settings, SettingsRead mode)
{
    auto value = [&](const char *name) {
        const core::SettingSpec *spec = core::find_setting(name);
        double v;
        if (!pod_override(settings, *spec, &v, mode))
            v = session_setting(*spec);
        return v;
    };
    core::EngineSettings s;
    s.retry_base_delay = value("retry_base_delay");
    s.retry_max_delay = value("retry_max_delay");
    s.retry_jitter = value("retry_jitter");
    s.default_max_attempts = static_cast<int>(value("default_max_attempts"));
    s.lease_duration = value("lease_duration");
    s.schedule_min_delay = value("schedule_min_delay");
    s.schedule_max_delay = value("schedule_max_delay");
    s.member_daily_cap = static_cast<int>(value("member_daily_cap"));
    s.auto_schedule = value("auto_schedule") != 0;
    if (mode == SettingsRead::Lenient) {
        if (s.schedule_min_delay > s.schedule_max_delay) {
            s.schedule_min_delay = session_setting(*core::find_setting("schedule_min_delay"));
            s.schedule_max_delay = session_setting(*core::find_setting("schedule_max_delay"));
        }
        if (s.retry_base_delay > s.retry_max_delay) {
            s.retry_base_delay = session_setting(*core::find_setting("retry_base_delay"));
            s.retry_max_delay = session_setting(*core::find_setting("retry_max_delay"));
        }
    }
    return s;
}

}  // namespace pod_amplify::pg

// setting_value(p_settings jsonb, p_name text) RETURNS double precision: a
// pod's override of a setting, else the session's value.
POD_AMPLIFY_FUNCTION(pod_amplify_setting_value)
{
    if (PG_ARGISNULL(1))
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("setting_value: p_name must not be NULL")));
    char *name = text_to_cstring(PG_GETARG_TEXT_PP(1));
    const pod_amplify::core::SettingSpec *spec = pod_amplify::core::find_setting(name);
    if (spec == nullptr)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("setting_value: unknown setting \"%s\"", name),
                        errhint("Known: retry_base_delay, retry_max_delay, retry_jitter, default_max_attempts, "
                                "lease_duration, schedule_min_delay, schedule_max_delay, member_daily_cap, auto_schedule.")));
    Jsonb *settings = PG_ARGISNULL(0) ? nullptr : PG_GETARG_JSONB_P(0);
    double value;
    if (!pod_amplify::pg::pod_override(settings, *spec, &value, pod_amplify::pg::SettingsRead::Lenient))
        value = pod_amplify::pg::session_setting(*spec);
    PG_RETURN_FLOAT8(value);
}

// Trigger on pods: every pod_amplify key of settings must be valid; other keys
// are the application's own and left alone.
POD_AMPLIFY_FUNCTION(pod_amplify_validate_pod_settings)
{
    using namespace pod_amplify::pg;
    HeapTuple tuple = new_row_of_before_trigger(fcinfo, "pod_amplify_validate_pod_settings");
    Relation rel = reinterpret_cast<TriggerData *>(fcinfo->context)->tg_relation;
    TupleDesc desc = RelationGetDescr(rel);
    bool isnull;
    Datum d = heap_getattr(tuple, column_number(desc, "settings"), desc, &isnull);
    if (isnull)
        return PointerGetDatum(tuple);
    Jsonb *settings = DatumGetJsonbP(d);
    const pod_amplify::core::EngineSettings s = effective_settings(settings, SettingsRead::Strict);
    PendingError pending;
    pending.sqlerrcode = 0;
    try {
        pod_amplify::core::check_consistent(s, "pods.settings");
    } catch (const pod_amplify::core::RuleError &e) {
        capture_rule_error(pending, e);
    }
    if (pending.sqlerrcode != 0)
        raise_pending(pending);
    return PointerGetDatum(tuple);
}
