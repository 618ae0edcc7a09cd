file(REMOVE_RECURSE
  "CMakeFiles/pod_amplify_core.dir/src/core/activity_reports.cpp.o"
  "CMakeFiles/pod_amplify_core.dir/src/core/activity_reports.cpp.o.d"
  "CMakeFiles/pod_amplify_core.dir/src/core/activity_state.cpp.o"
  "CMakeFiles/pod_amplify_core.dir/src/core/activity_state.cpp.o.d"
  "CMakeFiles/pod_amplify_core.dir/src/core/activity_sync.cpp.o"
  "CMakeFiles/pod_amplify_core.dir/src/core/activity_sync.cpp.o.d"
  "CMakeFiles/pod_amplify_core.dir/src/core/engine_settings.cpp.o"
  "CMakeFiles/pod_amplify_core.dir/src/core/engine_settings.cpp.o.d"
  "CMakeFiles/pod_amplify_core.dir/src/core/linkedin_url.cpp.o"
  "CMakeFiles/pod_amplify_core.dir/src/core/linkedin_url.cpp.o.d"
  "CMakeFiles/pod_amplify_core.dir/src/core/member_sync.cpp.o"
  "CMakeFiles/pod_amplify_core.dir/src/core/member_sync.cpp.o.d"
  "CMakeFiles/pod_amplify_core.dir/src/core/retry_policy.cpp.o"
  "CMakeFiles/pod_amplify_core.dir/src/core/retry_policy.cpp.o.d"
  "CMakeFiles/pod_amplify_core.dir/src/core/rule_error.cpp.o"
  "CMakeFiles/pod_amplify_core.dir/src/core/rule_error.cpp.o.d"
  "CMakeFiles/pod_amplify_core.dir/src/core/rules.cpp.o"
  "CMakeFiles/pod_amplify_core.dir/src/core/rules.cpp.o.d"
  "CMakeFiles/pod_amplify_core.dir/src/core/schedule_plan.cpp.o"
  "CMakeFiles/pod_amplify_core.dir/src/core/schedule_plan.cpp.o.d"
  "CMakeFiles/pod_amplify_core.dir/src/core/unipile_id.cpp.o"
  "CMakeFiles/pod_amplify_core.dir/src/core/unipile_id.cpp.o.d"
  "CMakeFiles/pod_amplify_core.dir/src/core/utf8_text.cpp.o"
  "CMakeFiles/pod_amplify_core.dir/src/core/utf8_text.cpp.o.d"
  "CMakeFiles/pod_amplify_core.dir/src/core/uuid_text.cpp.o"
  "CMakeFiles/pod_amplify_core.dir/src/core/uuid_text.cpp.o.d"
  "libpod_amplify_core.a"
  "libpod_amplify_core.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/pod_amplify_core.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
