#pragma once

// Pieces of the Prometheus text exposition format (version 0.0.4): the
// HELP/TYPE header of a family, label values escaped, numbers as Prometheus
// reads them.

#include <string>
#include <string_view>

namespace PrometheusText {

inline constexpr char contentType[] = "text/plain; version=0.0.4; charset=utf-8";

// "# HELP name help\n# TYPE name type\n"; type is counter, gauge or histogram.
void family(std::string &out, std::string_view name, std::string_view type, std::string_view help);
// A label value with \, " and newlines escaped (quotes not included).
std::string labelValue(std::string_view value);
// A sample value: integers without a fraction, +Inf, NaN.
std::string number(double value);
// name{labels} value\n; labels may be empty ("a=\"b\",c=\"d\"" otherwise).
void sample(std::string &out, std::string_view name, std::string_view labels, double value);

} // namespace PrometheusText
