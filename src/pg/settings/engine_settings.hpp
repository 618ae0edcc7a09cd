// The engine's GUCs (pod_amplify.retry_base_delay, ...) and their per-pod
// overrides in pods.settings, both checked by src/core/engine_settings.
#pragma once

#include "pg/runtime/postgres_headers.hpp"

#include "core/engine_settings.hpp"

namespace pod_amplify::pg {

void define_engine_settings();

// The session's value of a setting (seconds, count, fraction or 0/1).
double session_setting(const core::SettingSpec &spec);

// A pod's override of one setting as a number, or false when it has none.
// Raises 22023 (naming pod setting and value) when the override is malformed.
bool pod_override(Jsonb *settings, const core::SettingSpec &spec, double *value);

// Every setting for a pod (NULL settings: the session's values).
core::EngineSettings effective_settings(Jsonb *settings);

}  // namespace pod_amplify::pg
