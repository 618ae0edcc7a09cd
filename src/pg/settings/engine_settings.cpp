// The engine's settings: one table in src/core/engine_settings.cpp defines
// them; this file turns each into a GUC (pod_amplify.<name>) and reads the
// per-pod overrides in pods.settings with the same parsers and ranges.
#include "pg/settings/engine_settings.hpp"

#include "pg/engine/zone_rules.hpp"
#include "pg/runtime/boundary.hpp"
#include "pg/runtime/datum.hpp"

extern "C" {
#include "access/detoast.h"
#include "pgtime.h"
}

#include <cstring>

namespace pod_amplify::pg {

namespace {

constexpr int kMaxSettings = 32;
int int_values[kMaxSettings];
double real_values[kMaxSettings];
bool bool_values[kMaxSettings];
char *text_values[kMaxSettings];

std::size_t index_of(const core::SettingSpec &spec)
{
    std::size_t n;
    const core::SettingSpec *all = core::engine_settings(&n);
    return static_cast<std::size_t>(&spec - all);
}

// Raises the core's error as a PostgreSQL error (plain-data frame).
template <typename Check>
void raise_if_refused(Check check)
{
    PendingError pending;
    pending.sqlerrcode = 0;
    try {
        check();
    } catch (const core::RuleError &e) {
        capture_rule_error(pending, e);
    }
    if (pending.sqlerrcode != 0)
        raise_pending(pending);
}

// A Text value's problem, or nullptr when it is fine (never raises).
const char *text_problem(const core::SettingSpec &spec, const char *value, const char *where)
{
    if (spec.text_check == core::TextCheck::TimeZone) {
        const char *problem = zone_problem(value);
        if (problem == nullptr)
            return nullptr;
        return std::strcmp(problem, kUnknownZone) == 0
                   ? psprintf("invalid value for %s in %s: unknown time zone \"%s\"", spec.name, where, shown_value(value))
                   : psprintf("invalid value for %s in %s: time zone \"%s\" has a %s", spec.name, where,
                              shown_value(value), problem);
    }
    PendingError pending;
    pending.sqlerrcode = 0;
    try {
        core::check_setting_text(spec, value, where);
    } catch (const core::RuleError &e) {
        capture_rule_error(pending, e);
    }
    return pending.sqlerrcode == 0 ? nullptr : pstrdup(pending.message);
}

// GUC check hooks for the Text settings: the same checks as pods.settings.
bool check_text_hook(const core::SettingSpec &spec, char **newval)
{
    if (*newval == nullptr)
        return false;
    const char *problem = text_problem(spec, *newval, psprintf("pod_amplify.%s", spec.name));
    if (problem != nullptr) {
        GUC_check_errmsg("%s", problem);
        return false;
    }
    return true;
}
bool check_timezone_hook(char **newval, void **, GucSource)
{
    return check_text_hook(*core::find_setting("default_timezone"), newval);
}
bool check_hours_hook(char **newval, void **, GucSource)
{
    return check_text_hook(*core::find_setting("active_hours"), newval);
}
bool check_days_hook(char **newval, void **, GucSource)
{
    return check_text_hook(*core::find_setting("active_days"), newval);
}
GucStringCheckHook text_hook(core::TextCheck check)
{
    switch (check) {
    case core::TextCheck::TimeZone: return check_timezone_hook;
    case core::TextCheck::ActiveHours: return check_hours_hook;
    case core::TextCheck::ActiveDays: return check_days_hook;
    default: return nullptr;
    }
}

const JsonbValue *find_key(Jsonb *settings, const char *key, JsonbValue *found)
{
    if (settings == nullptr || !JB_ROOT_IS_OBJECT(settings))
        return nullptr;
    return getKeyJsonValueFromContainer(&settings->root, key, static_cast<int>(std::strlen(key)), found);
}

// Pure C++ frames: parsed hours and days (the value was checked before).
core::ActiveHours parsed_hours(const char *text) { return core::parse_active_hours(text); }
core::ActiveDays parsed_days(const char *text) { return core::parse_active_days(text); }

}  // namespace

void define_engine_settings()
{
    std::size_t n;
    const core::SettingSpec *all = core::engine_settings(&n);
    for (std::size_t i = 0; i < n && i < kMaxSettings; i++) {
        const core::SettingSpec &s = all[i];
        char *name = psprintf("pod_amplify.%s", s.name);
        const char *per_pod = "Per pod: the same key in pods.settings.";
        switch (s.kind) {
        case core::SettingKind::Seconds:
            DefineCustomIntVariable(name, s.description, per_pod, &int_values[i], static_cast<int>(s.default_value),
                                    static_cast<int>(s.min), static_cast<int>(s.max), PGC_USERSET, GUC_UNIT_S, nullptr,
                                    nullptr, nullptr);
            break;
        case core::SettingKind::Integer:
            DefineCustomIntVariable(name, s.description, per_pod, &int_values[i], static_cast<int>(s.default_value),
                                    static_cast<int>(s.min), static_cast<int>(s.max), PGC_USERSET, 0, nullptr, nullptr,
                                    nullptr);
            break;
        case core::SettingKind::Fraction:
            DefineCustomRealVariable(name, s.description, per_pod, &real_values[i], s.default_value, s.min, s.max,
                                     PGC_USERSET, 0, nullptr, nullptr, nullptr);
            break;
        case core::SettingKind::Boolean:
            DefineCustomBoolVariable(name, s.description, per_pod, &bool_values[i], s.default_value != 0, PGC_USERSET, 0,
                                     nullptr, nullptr, nullptr);
            break;
        case core::SettingKind::Text:
            DefineCustomStringVariable(name, s.description, per_pod, &text_values[i], s.default_text, PGC_USERSET, 0,
                                       text_hook(s.text_check), nullptr, nullptr);
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
    case core::SettingKind::Text: return 0;
    default: return int_values[i];
    }
}

const char *session_text(const core::SettingSpec &spec)
{
    const char *v = text_values[index_of(spec)];
    return v ? v : spec.default_text;
}

bool pod_override(Jsonb *settings, const core::SettingSpec &spec, double *value, SettingsRead mode)
{
    JsonbValue found;
    if (spec.kind == core::SettingKind::Text || find_key(settings, spec.name, &found) == nullptr)
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
                            errmsg("invalid value for %s in %s: \"%s\"", spec.name, where, shown_value(text)),
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
    raise_if_refused([&] { core::check_setting_range(spec, *value, where); });
    return true;
}

const char *pod_override_text(Jsonb *settings, const core::SettingSpec &spec, SettingsRead mode)
{
    JsonbValue found;
    if (spec.kind != core::SettingKind::Text || find_key(settings, spec.name, &found) == nullptr)
        return nullptr;
    const bool strict = mode == SettingsRead::Strict;
    if (found.type != jbvString) {
        if (!strict)
            return nullptr;
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("invalid value for %s in pods.settings: a string is expected", spec.name)));
    }
    char *text = pnstrdup(found.val.string.val, found.val.string.len);
    const char *problem = text_problem(spec, text, "pods.settings");
    if (problem == nullptr)
        return text;
    if (!strict)
        return nullptr;
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("%s", problem)));
    return nullptr;
}

char **pod_comment_texts(Jsonb *settings, int *count, SettingsRead mode)
{
    *count = 0;
    JsonbValue found;
    if (find_key(settings, "comment_texts", &found) == nullptr)
        return nullptr;
    const bool strict = mode == SettingsRead::Strict;
    Jsonb *array = JsonbValueToJsonb(&found);
    if (!JB_ROOT_IS_ARRAY(array) || JB_ROOT_IS_SCALAR(array)) {
        if (!strict)
            return nullptr;
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("invalid comment_texts in pods.settings: a JSON array of strings is expected")));
    }
    const int n = JB_ROOT_COUNT(array);
    char **texts = static_cast<char **>(palloc(sizeof(char *) * (n > 0 ? n : 1)));
    for (int i = 0; i < n; i++) {
        JsonbValue *item = getIthJsonbValueFromContainer(&array->root, i);
        if (item == nullptr || item->type != jbvString) {
            if (!strict)
                return nullptr;
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("invalid comment_texts in pods.settings: element %d is not a string", i + 1)));
        }
        texts[i] = pnstrdup(item->val.string.val, item->val.string.len);
    }
    const char *problem = comment_texts_problem(texts, n, "pods.settings");
    if (problem != nullptr) {
        if (!strict)
            return nullptr;
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("%s", problem)));
    }
    *count = n;
    return texts;
}

const char *comment_texts_problem(char *const *texts, int n, const char *where)
{
    PendingError pending;
    pending.sqlerrcode = 0;
    try {
        core::check_comment_texts(std::vector<std::string>(texts, texts + n), where);
    } catch (const core::RuleError &e) {
        capture_rule_error(pending, e);
    } catch (const std::bad_alloc &) {
        capture_failure(pending, ERRCODE_OUT_OF_MEMORY, "out of memory in pod_amplify");
    }
    return pending.sqlerrcode == 0 ? nullptr : pstrdup(pending.message);
}

const char *comment_text_column_problem(Datum value_datum)
{
    const Size bytes = toast_raw_datum_size(value_datum) - VARHDRSZ;
    if (bytes > 4 * core::kMaxCommentTextChars)
        return psprintf("has %zu bytes, more than %zu characters", static_cast<size_t>(bytes),
                        core::kMaxCommentTextChars);
    const char *value = TextDatumGetCString(value_datum);
    PendingError pending;
    pending.sqlerrcode = 0;
    const char *why = nullptr;
    try {
        const std::string problem = core::comment_text_problem(value);
        if (!problem.empty())
            capture_failure(pending, ERRCODE_INVALID_PARAMETER_VALUE, problem.c_str());
    } catch (const std::bad_alloc &) {
        capture_failure(pending, ERRCODE_OUT_OF_MEMORY, "out of memory in pod_amplify");
    }
    if (pending.sqlerrcode == ERRCODE_OUT_OF_MEMORY)
        raise_pending(pending);
    if (pending.sqlerrcode != 0)
        why = pstrdup(pending.message);
    return why;
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
    auto text = [&](const char *name) {
        const core::SettingSpec *spec = core::find_setting(name);
        const char *v = pod_override_text(settings, *spec, mode);
        return v ? v : session_text(*spec);
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
    strlcpy(s.default_timezone, text("default_timezone"), sizeof s.default_timezone);
    s.active_hours = parsed_hours(text("active_hours"));
    s.active_days = parsed_days(text("active_days"));
    s.account_min_gap = value("account_min_gap");
    s.daily_cap_like = static_cast<int>(value("daily_cap_like"));
    s.daily_cap_comment = static_cast<int>(value("daily_cap_comment"));
    s.daily_cap_repost = static_cast<int>(value("daily_cap_repost"));
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
// pod's override of a numeric setting, else the session's value. An override
// that is not valid (written before it was checked) reads as the session's.
POD_AMPLIFY_FUNCTION(pod_amplify_setting_value)
{
    if (PG_ARGISNULL(1))
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("setting_value: p_name must not be NULL")));
    char *name = text_to_cstring(PG_GETARG_TEXT_PP(1));
    const pod_amplify::core::SettingSpec *spec = pod_amplify::core::find_setting(name);
    if (spec == nullptr)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("setting_value: unknown setting \"%s\"", pod_amplify::pg::shown_value(name)),
                        errhint("The settings are listed in the README, \"Settings\".")));
    if (spec->kind == pod_amplify::core::SettingKind::Text)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("setting_value: %s is not a number", spec->name),
                        errhint("Read it with current_setting('pod_amplify.%s') or settings ->> '%s'.", spec->name,
                                spec->name)));
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
    if (bulk_load_session())
        return PointerGetDatum(tuple);  // a restore: rows load as they are
    Relation rel = reinterpret_cast<TriggerData *>(fcinfo->context)->tg_relation;
    TupleDesc desc = RelationGetDescr(rel);
    bool isnull;
    Datum d = heap_getattr(tuple, column_number(desc, "settings"), desc, &isnull);
    if (isnull)
        return PointerGetDatum(tuple);
    // Failures and lapses read their pod's settings in the worker's call: a
    // tenant's 100 MB object cost every worker batch 0.45 s per row of its own.
    const Size bytes = toast_raw_datum_size(d) - VARHDRSZ;
    if (bytes > kMaxPodSettingsBytes)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("invalid pods.settings: %zu bytes, at most %zu", static_cast<size_t>(bytes),
                               kMaxPodSettingsBytes),
                        errhint("Keep large application data in a table of its own.")));
    Jsonb *settings = DatumGetJsonbP(d);
    const pod_amplify::core::EngineSettings s = effective_settings(settings, SettingsRead::Strict);
    int ntexts;
    (void) pod_comment_texts(settings, &ntexts, SettingsRead::Strict);
    raise_if_refused([&] { pod_amplify::core::check_consistent(s, "pods.settings"); });
    return PointerGetDatum(tuple);
}

namespace {

// The text of a key's value in a settings object (JSON), palloc'd.
char *json_value_text(Jsonb *settings, const char *key)
{
    Datum value = DirectFunctionCall2(jsonb_object_field, JsonbPGetDatum(settings), CStringGetTextDatum(key));
    Jsonb *j = DatumGetJsonbP(value);
    return JsonbToCString(nullptr, &j->root, VARSIZE(j));
}

bool has_key(Jsonb *settings, const char *key)
{
    JsonbValue found;
    return getKeyJsonValueFromContainer(&settings->root, key, static_cast<int>(strlen(key)), &found) != nullptr;
}

}  // namespace

// settings_problems(p_settings jsonb) RETURNS TABLE (key text, problem text):
// every pod_amplify key of a pods.settings value that its trigger would refuse
// (written before the check existed). Never raises; the 1.2 upgrade repairs
// what it lists and says so.
POD_AMPLIFY_FUNCTION(pod_amplify_settings_problems)
{
    using namespace pod_amplify::pg;
    namespace core = pod_amplify::core;
    InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
    auto *rsinfo = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    if (PG_ARGISNULL(0))
        return (Datum) 0;
    Jsonb *settings = PG_GETARG_JSONB_P(0);
    if (!JB_ROOT_IS_OBJECT(settings))
        return (Datum) 0;
    auto emit = [&](const char *key, const char *problem) {
        Datum values[2] = {CStringGetTextDatum(key), CStringGetTextDatum(problem)};
        bool nulls[2] = {false, false};
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    };
    std::size_t n;
    const core::SettingSpec *all = core::engine_settings(&n);
    for (std::size_t i = 0; i < n; i++) {
        if (!has_key(settings, all[i].name))
            continue;
        double value;
        const bool ok = all[i].kind == core::SettingKind::Text
                            ? pod_override_text(settings, all[i], SettingsRead::Lenient) != nullptr
                            : pod_override(settings, all[i], &value, SettingsRead::Lenient);
        if (!ok)
            emit(all[i].name, psprintf("invalid value for %s in pods.settings: %s", all[i].name,
                                       json_value_text(settings, all[i].name)));
    }
    int ntexts;
    if (has_key(settings, "comment_texts") && pod_comment_texts(settings, &ntexts, SettingsRead::Lenient) == nullptr)
        emit("comment_texts", "invalid comment_texts in pods.settings");
    // Pairs whose minimum exceeds their maximum (each value valid on its own).
    struct Pair { const char *min, *max; };
    for (const Pair p : {Pair{"schedule_min_delay", "schedule_max_delay"}, Pair{"retry_base_delay", "retry_max_delay"}}) {
        double lo, hi;
        const bool has_lo = pod_override(settings, *core::find_setting(p.min), &lo, SettingsRead::Lenient);
        const bool has_hi = pod_override(settings, *core::find_setting(p.max), &hi, SettingsRead::Lenient);
        if (!has_lo)
            lo = session_setting(*core::find_setting(p.min));
        if (!has_hi)
            hi = session_setting(*core::find_setting(p.max));
        if ((has_lo || has_hi) && lo > hi)
            for (const char *key : {p.min, p.max})
                if (has_key(settings, key))
                    emit(key, psprintf("%s (%g s) exceeds %s (%g s) in pods.settings", p.min, lo, p.max, hi));
    }
    return (Datum) 0;
}
