#pragma once

// One libFuzzer target per parser of untrusted input. Each fuzz_*.cpp defines
// LLVMFuzzerTestOneInput; with -DSOCKSCOPE_FUZZ=ON (clang) it links against libFuzzer, and in
// every build against replay.cpp, which feeds it each file of its corpus (CTest fuzz_replay_*).
// A target checks what must hold for any input, not only that nothing crashes.

#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#define SOCKSCOPE_FUZZ_CHECK(condition)                                                            \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #condition, __FILE__,          \
                         __LINE__);                                                                \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)

inline QByteArray fuzzBytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}
