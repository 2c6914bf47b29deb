# Writes one CTest entry per doctest test case (so that a CI page names the case that failed).
# Run by doctest_discover_tests (doctest-dev's doctest.cmake) after each build of the test binary,
# in place of its doctestAddTests.cmake, which this follows: that script turns the listing into a
# CMake list, which splits every test name holding a `;` into two bogus tests. Here the listing
# is walked line by line as a string and each name is written as a bracket argument.
# Inputs (-D): TEST_EXECUTABLE, TEST_WORKING_DIR, TEST_PREFIX, TEST_SUFFIX, TEST_PROPERTIES,
# TEST_EXTRA_ARGS, TEST_LIST, CTEST_FILE (the others doctest.cmake passes are not used).
if(NOT EXISTS "${TEST_EXECUTABLE}")
  message(FATAL_ERROR "Specified test executable '${TEST_EXECUTABLE}' does not exist")
endif()
execute_process(
  COMMAND "${TEST_EXECUTABLE}" --list-test-cases
  OUTPUT_VARIABLE output
  RESULT_VARIABLE result
  WORKING_DIRECTORY "${TEST_WORKING_DIR}")
if(NOT result EQUAL 0)
  message(FATAL_ERROR "Error running test executable '${TEST_EXECUTABLE}':\n  Result: ${result}\n  Output: ${output}\n")
endif()

set(script "")
set(names "")
set(rest "${output}")
while(NOT rest STREQUAL "")
  string(FIND "${rest}" "\n" newline)
  if(newline EQUAL -1)
    set(line "${rest}")
    set(rest "")
  else()
    string(SUBSTRING "${rest}" 0 ${newline} line)
    math(EXPR next "${newline} + 1")
    string(SUBSTRING "${rest}" ${next} -1 rest)
  endif()
  if(line STREQUAL "" OR line MATCHES "^===+$" OR line MATCHES "^\\[doctest\\] ")
    continue()
  endif()
  # doctest's --test-case filter splits on commas unless they are escaped.
  string(REPLACE "," "\\," filter "${line}")
  set(name "${TEST_PREFIX}${line}${TEST_SUFFIX}")
  string(APPEND script "add_test([==[${name}]==] [==[${TEST_EXECUTABLE}]==] [==[--test-case=${filter}]==] ${TEST_EXTRA_ARGS})\n")
  string(APPEND script "set_tests_properties([==[${name}]==] PROPERTIES WORKING_DIRECTORY [==[${TEST_WORKING_DIR}]==] ${TEST_PROPERTIES})\n")
  string(APPEND names " [==[${name}]==]")
endwhile()
string(APPEND script "set(${TEST_LIST}${names})\n")
file(WRITE "${CTEST_FILE}" "${script}")
