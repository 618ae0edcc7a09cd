
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/test/unit/activity_sync_test.cpp" "CMakeFiles/core_tests.dir/test/unit/activity_sync_test.cpp.o" "gcc" "CMakeFiles/core_tests.dir/test/unit/activity_sync_test.cpp.o.d"
  "/work/main/test/unit/engine_rules_test.cpp" "CMakeFiles/core_tests.dir/test/unit/engine_rules_test.cpp.o" "gcc" "CMakeFiles/core_tests.dir/test/unit/engine_rules_test.cpp.o.d"
  "/work/main/test/unit/linkedin_url_test.cpp" "CMakeFiles/core_tests.dir/test/unit/linkedin_url_test.cpp.o" "gcc" "CMakeFiles/core_tests.dir/test/unit/linkedin_url_test.cpp.o.d"
  "/work/main/test/unit/member_sync_test.cpp" "CMakeFiles/core_tests.dir/test/unit/member_sync_test.cpp.o" "gcc" "CMakeFiles/core_tests.dir/test/unit/member_sync_test.cpp.o.d"
  "/work/main/test/unit/rules_test.cpp" "CMakeFiles/core_tests.dir/test/unit/rules_test.cpp.o" "gcc" "CMakeFiles/core_tests.dir/test/unit/rules_test.cpp.o.d"
  "/work/main/test/unit/schedule_plan_test.cpp" "CMakeFiles/core_tests.dir/test/unit/schedule_plan_test.cpp.o" "gcc" "CMakeFiles/core_tests.dir/test/unit/schedule_plan_test.cpp.o.d"
  "/work/main/test/unit/text_and_ids_test.cpp" "CMakeFiles/core_tests.dir/test/unit/text_and_ids_test.cpp.o" "gcc" "CMakeFiles/core_tests.dir/test/unit/text_and_ids_test.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build-planner/CMakeFiles/pod_amplify_core.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
