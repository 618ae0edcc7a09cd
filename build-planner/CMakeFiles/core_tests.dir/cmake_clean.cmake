file(REMOVE_RECURSE
  "CMakeFiles/core_tests.dir/test/unit/activity_sync_test.cpp.o"
  "CMakeFiles/core_tests.dir/test/unit/activity_sync_test.cpp.o.d"
  "CMakeFiles/core_tests.dir/test/unit/engine_rules_test.cpp.o"
  "CMakeFiles/core_tests.dir/test/unit/engine_rules_test.cpp.o.d"
  "CMakeFiles/core_tests.dir/test/unit/linkedin_url_test.cpp.o"
  "CMakeFiles/core_tests.dir/test/unit/linkedin_url_test.cpp.o.d"
  "CMakeFiles/core_tests.dir/test/unit/member_sync_test.cpp.o"
  "CMakeFiles/core_tests.dir/test/unit/member_sync_test.cpp.o.d"
  "CMakeFiles/core_tests.dir/test/unit/rules_test.cpp.o"
  "CMakeFiles/core_tests.dir/test/unit/rules_test.cpp.o.d"
  "CMakeFiles/core_tests.dir/test/unit/schedule_plan_test.cpp.o"
  "CMakeFiles/core_tests.dir/test/unit/schedule_plan_test.cpp.o.d"
  "CMakeFiles/core_tests.dir/test/unit/text_and_ids_test.cpp.o"
  "CMakeFiles/core_tests.dir/test/unit/text_and_ids_test.cpp.o.d"
  "core_tests"
  "core_tests.pdb"
  "core_tests[1]_tests.cmake"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/core_tests.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
