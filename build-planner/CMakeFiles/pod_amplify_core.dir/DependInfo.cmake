
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/src/core/activity_reports.cpp" "CMakeFiles/pod_amplify_core.dir/src/core/activity_reports.cpp.o" "gcc" "CMakeFiles/pod_amplify_core.dir/src/core/activity_reports.cpp.o.d"
  "/work/main/src/core/activity_state.cpp" "CMakeFiles/pod_amplify_core.dir/src/core/activity_state.cpp.o" "gcc" "CMakeFiles/pod_amplify_core.dir/src/core/activity_state.cpp.o.d"
  "/work/main/src/core/activity_sync.cpp" "CMakeFiles/pod_amplify_core.dir/src/core/activity_sync.cpp.o" "gcc" "CMakeFiles/pod_amplify_core.dir/src/core/activity_sync.cpp.o.d"
  "/work/main/src/core/engine_settings.cpp" "CMakeFiles/pod_amplify_core.dir/src/core/engine_settings.cpp.o" "gcc" "CMakeFiles/pod_amplify_core.dir/src/core/engine_settings.cpp.o.d"
  "/work/main/src/core/linkedin_url.cpp" "CMakeFiles/pod_amplify_core.dir/src/core/linkedin_url.cpp.o" "gcc" "CMakeFiles/pod_amplify_core.dir/src/core/linkedin_url.cpp.o.d"
  "/work/main/src/core/member_sync.cpp" "CMakeFiles/pod_amplify_core.dir/src/core/member_sync.cpp.o" "gcc" "CMakeFiles/pod_amplify_core.dir/src/core/member_sync.cpp.o.d"
  "/work/main/src/core/retry_policy.cpp" "CMakeFiles/pod_amplify_core.dir/src/core/retry_policy.cpp.o" "gcc" "CMakeFiles/pod_amplify_core.dir/src/core/retry_policy.cpp.o.d"
  "/work/main/src/core/rule_error.cpp" "CMakeFiles/pod_amplify_core.dir/src/core/rule_error.cpp.o" "gcc" "CMakeFiles/pod_amplify_core.dir/src/core/rule_error.cpp.o.d"
  "/work/main/src/core/rules.cpp" "CMakeFiles/pod_amplify_core.dir/src/core/rules.cpp.o" "gcc" "CMakeFiles/pod_amplify_core.dir/src/core/rules.cpp.o.d"
  "/work/main/src/core/schedule_plan.cpp" "CMakeFiles/pod_amplify_core.dir/src/core/schedule_plan.cpp.o" "gcc" "CMakeFiles/pod_amplify_core.dir/src/core/schedule_plan.cpp.o.d"
  "/work/main/src/core/unipile_id.cpp" "CMakeFiles/pod_amplify_core.dir/src/core/unipile_id.cpp.o" "gcc" "CMakeFiles/pod_amplify_core.dir/src/core/unipile_id.cpp.o.d"
  "/work/main/src/core/utf8_text.cpp" "CMakeFiles/pod_amplify_core.dir/src/core/utf8_text.cpp.o" "gcc" "CMakeFiles/pod_amplify_core.dir/src/core/utf8_text.cpp.o.d"
  "/work/main/src/core/uuid_text.cpp" "CMakeFiles/pod_amplify_core.dir/src/core/uuid_text.cpp.o" "gcc" "CMakeFiles/pod_amplify_core.dir/src/core/uuid_text.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
