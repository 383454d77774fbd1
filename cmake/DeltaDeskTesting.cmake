# deltadesk_add_test(NAME tst_foo SOURCES a.cpp [LIBS ...] [TIMEOUT s] [LABELS ...]
#                    [STORES sqlite postgres] [WRAPPER script])
#
# One QtTest executable per class under test. Every test gets the paths of the
# real programs it may start (never a mock of them), runs headless, and under
# the sanitizer build fails on the first report.
#
# STORES: the stores the servers it starts use (default: sqlite). With
# postgres the executable is registered a second time as tst_foo_pg (label
# postgres) with DELTADESK_TEST_STORE=postgres; it needs the test cluster
# named by DELTADESK_TEST_PG (scripts/test.sh starts one) and is reported
# as skipped without it, except under CI=true, where it fails.
#
# WRAPPER: a script that runs the executable (its first argument) inside an
# environment it sets up, e.g. tests/ui/run-with-keyring.sh; exit 77 from it
# is reported as skipped.
function(deltadesk_add_test)
    cmake_parse_arguments(T "" "NAME;TIMEOUT;WRAPPER" "SOURCES;LIBS;LABELS;STORES" ${ARGN})
    if(NOT T_STORES)
        set(T_STORES sqlite)
    endif()
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 120)
    endif()
    qt_add_executable(${T_NAME} ${T_SOURCES})
    set_target_properties(${T_NAME} PROPERTIES MACOSX_BUNDLE OFF WIN32_EXECUTABLE OFF)
    target_link_libraries(${T_NAME} PRIVATE Qt6::Test deltadesk_testsupport ${T_LIBS})

    set(_env
        "QT_QPA_PLATFORM=offscreen"
        "QT_LOGGING_RULES=deltadesk.*.debug=false"
        "ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1"
        "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/tests/lsan.supp:print_suppressions=0"
        "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
    foreach(_prog deltadesk-server deltadesk-sync deltadesk)
        if(TARGET ${_prog})
            string(TOUPPER "${_prog}" _var)
            string(REPLACE "-" "_" _var "${_var}")
            list(APPEND _env "${_var}_BIN=$<TARGET_FILE:${_prog}>")
            add_dependencies(${T_NAME} ${_prog})
        endif()
    endforeach()
    if(sqlite IN_LIST T_STORES)
        if(T_WRAPPER)
            add_test(NAME ${T_NAME} COMMAND ${T_WRAPPER} $<TARGET_FILE:${T_NAME}>)
            set_tests_properties(${T_NAME} PROPERTIES SKIP_RETURN_CODE 77)
        else()
            add_test(NAME ${T_NAME} COMMAND ${T_NAME})
        endif()
        set_tests_properties(${T_NAME} PROPERTIES
            ENVIRONMENT "${_env}" TIMEOUT ${T_TIMEOUT} LABELS "${T_LABELS};sqlite")
    endif()
    if(postgres IN_LIST T_STORES)
        add_test(NAME ${T_NAME}_pg
            COMMAND ${PROJECT_SOURCE_DIR}/tests/pg-variant.sh $<TARGET_FILE:${T_NAME}>)
        set_tests_properties(${T_NAME}_pg PROPERTIES
            ENVIRONMENT "${_env}" TIMEOUT ${T_TIMEOUT} LABELS "${T_LABELS};postgres"
            SKIP_RETURN_CODE 77)
    endif()
endfunction()
