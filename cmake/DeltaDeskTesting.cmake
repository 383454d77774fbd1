# deltadesk_add_test(NAME tst_foo SOURCES a.cpp [LIBS ...] [TIMEOUT s] [LABELS ...])
#
# One QtTest executable per class under test. Every test gets the paths of the
# real programs it may start (never a mock of them), runs headless, and under
# the sanitizer build fails on the first report.
function(deltadesk_add_test)
    cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 120)
    endif()
    qt_add_executable(${T_NAME} ${T_SOURCES})
    set_target_properties(${T_NAME} PROPERTIES MACOSX_BUNDLE OFF WIN32_EXECUTABLE OFF)
    target_link_libraries(${T_NAME} PRIVATE Qt6::Test deltadesk_testsupport ${T_LIBS})
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})

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
    set_tests_properties(${T_NAME} PROPERTIES
        ENVIRONMENT "${_env}" TIMEOUT ${T_TIMEOUT} LABELS "${T_LABELS}")
endfunction()
