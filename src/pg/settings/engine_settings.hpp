// The engine's GUCs (pod_amplify.retry_base_delay, ...) and their per-pod
// overrides in pods.settings, both checked by src/core/engine_settings.
#pragma once

#include "pg/runtime/postgres_headers.hpp"

#include "core/engine_settings.hpp"

namespace pod_amplify::pg {

void define_engine_settings();

// The session's value of a setting (seconds, count, fraction or 0/1).
double session_setting(const core::SettingSpec &spec);

// How pods.settings is read. Writes are checked strictly (22023 naming the key
// and value). The engine reads leniently: a value that is not valid (written
// under 1.0, before the check existed) falls back to the session's setting, so
// one tenant's settings can never make claims, reports or reaping fail for all.
enum class SettingsRead { Strict, Lenient };

// A pod's override of one setting as a number, or false when it has none (or,
// read leniently, when it is not valid).
bool pod_override(Jsonb *settings, const core::SettingSpec &spec, double *value, SettingsRead mode);

// A pod's override of a Text setting (checked), or nullptr when it has none
// (or, read leniently, when it is not valid). palloc'd.
const char *pod_override_text(Jsonb *settings, const core::SettingSpec &spec, SettingsRead mode);
// The session's value of a Text setting.
const char *session_text(const core::SettingSpec &spec);

// The pod-only comment_texts (a JSON array of strings), or nullptr (count 0)
// when the pod has none (or, read leniently, when they are not valid).
char **pod_comment_texts(Jsonb *settings, int *count, SettingsRead mode);
// The problem with a list of comment texts, or nullptr (never raises).
// pods.settings, stored (jsonb), at most this many bytes: 1 MiB.
inline constexpr size_t kMaxPodSettingsBytes = 1024 * 1024;
const char *comment_texts_problem(char *const *texts, int n, const char *where);
// Why pod_activities.comment_text is unfit to post (palloc'd), or nullptr. A
// text far too long is judged by its size, without detoasting it.
const char *comment_text_column_problem(Datum value_datum);

// Every setting for a pod (NULL settings: the session's values). Read
// leniently, a pair whose minimum exceeds its maximum takes the session's pair.
core::EngineSettings effective_settings(Jsonb *settings, SettingsRead mode);

}  // namespace pod_amplify::pg
