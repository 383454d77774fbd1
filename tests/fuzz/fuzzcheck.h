#pragma once

// The fuzz targets' one assertion: a broken property is a crash libFuzzer
// records (with the input), in every build type (assert() is off in release).

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition) \
    do { \
        if (!(condition)) { \
            std::fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed\n", __FILE__, __LINE__, #condition); \
            std::abort(); \
        } \
    } while (false)
