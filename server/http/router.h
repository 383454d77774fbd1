#pragma once

// Maps method + path to a handler. Patterns are '/'-separated; a "*"
// segment matches one non-empty segment and lands, percent-decoded, in
// pathParams. A path that matches no pattern gets 404; one that matches with
// another method, 405; a path or query that is not strictly percent-encoded
// UTF-8, 400.
//
// Before a request's body is read, the session asks admit(): the gate the
// api layer installs checks the token and picks the body limit.

#include "httptypes.h"

#include <string>
#include <vector>

class Router
{
public:
    // label names the route in logs and metrics ("/api/{collection}"); the
    // pattern itself when empty.
    void add(std::string method,
             std::string pattern,
             RequestHandler handler,
             std::string label = {});
    // A route that only refuses (a 405 with a message of its own): a 405 on
    // the same path for another method does not name it in Allow.
    void addRefusal(std::string method,
                    std::string pattern,
                    RequestHandler handler,
                    std::string label = {});
    void setGate(AdmissionGate gate) { m_gate = std::move(gate); }

    // Without a gate every request is admitted with defaultBodyLimit.
    void admit(const HttpRequest &head, AdmissionCallback done) const;
    void dispatch(HttpRequest request, Responder responder) const;
    // The label of the route dispatch() would take, else of the first whose
    // pattern matches the path with another method (a 405); "unmatched" for
    // none (a 404). A bounded set, fit for metric labels.
    std::string routeLabel(const std::string &method, const std::string &path) const;

    static constexpr uint64_t defaultBodyLimit = 8 * 1024;

private:
    struct Route
    {
        std::string method;
        std::vector<std::string> segments;
        RequestHandler handler;
        std::string label;
        bool refusal = false;
    };
    static std::vector<std::string> split(const std::string &path);
    static bool matches(const Route &route,
                        const std::vector<std::string> &segments,
                        std::vector<std::string> *params);

    std::vector<Route> m_routes;
    AdmissionGate m_gate;
};
