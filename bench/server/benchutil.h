#pragma once

// Small helpers the server benchmarks share: command-line flags, percentiles,
// human-readable sizes, the descriptor limit.

#include <string>
#include <vector>

namespace BenchUtil {

bool hasFlag(int argc, char **argv, const char *flag);
// The value after `name` (e.g. "--sizes 100000,1000000"), else fallback.
std::string option(int argc, char **argv, const char *name, const std::string &fallback);
std::vector<int> intList(const std::string &commaSeparated);

// Nearest-rank percentile (p in 0..100) of unsorted values; 0 if empty.
double percentile(std::vector<double> values, double p);
double median(const std::vector<double> &values);

// "1.23 MB", "456 B" (decimal units, as network figures usually are).
std::string bytes(double count);

// Raises RLIMIT_NOFILE to the hard limit; returns the soft limit now in force.
long raiseFileLimit();

// Prints the raw-limits line (bench/common) measured now, in `dir`.
void printRawLimits(const std::string &dir, bool quick);

} // namespace BenchUtil
