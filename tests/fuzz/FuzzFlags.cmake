# The libFuzzer build (DELTADESK_FUZZ, clang only): every library compiled
# with coverage feedback and ASan + UBSan; the fuzz executables add the
# libFuzzer driver (tests/fuzz/CMakeLists.txt). Configure it in its own
# build dir: build/fuzz (scripts/fuzz.sh).
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "DELTADESK_FUZZ needs clang (e.g. -DCMAKE_CXX_COMPILER=clang++-14)")
endif()
if(DELTADESK_SANITIZE)
    message(FATAL_ERROR "DELTADESK_FUZZ brings its own sanitizers; leave DELTADESK_SANITIZE off")
endif()
set(DELTADESK_FUZZ_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer)
# Qt's qCDebug(category) << ... leaves its macro's "..." empty, which clang's
# -Wpedantic reports (GCC does not): a Qt idiom, not a bug of ours.
add_compile_options(-Wno-gnu-zero-variadic-macro-arguments)
add_compile_options(-fsanitize=fuzzer-no-link ${DELTADESK_FUZZ_SANITIZERS} -g)
add_link_options(${DELTADESK_FUZZ_SANITIZERS})
