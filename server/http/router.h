#pragma once

// Maps method + path to a handler. Patterns are '/'-separated; a "*"
// segment matches one non-empty segment and lands in pathParams. A path that
// matches no pattern gets 404; one that matches with another method, 405.

#include "httptypes.h"

#include <string>
#include <vector>

class Router
{
public:
    void add(std::string method, std::string pattern, RequestHandler handler);
    void dispatch(HttpRequest request, Responder responder) const;

private:
    struct Route
    {
        std::string method;
        std::vector<std::string> segments;
        RequestHandler handler;
    };
    static std::vector<std::string> split(const std::string &path);
    static bool matches(const Route &route,
                        const std::vector<std::string> &segments,
                        std::vector<std::string> *params);

    std::vector<Route> m_routes;
};
