#include "router.h"

#include "percentdecoding.h"
#include "responses.h"

void Router::add(std::string method, std::string pattern, RequestHandler handler, std::string label)
{
    std::vector<std::string> segments = split(pattern);
    if (label.empty())
        label = std::move(pattern);
    m_routes.push_back(
        {std::move(method), std::move(segments), std::move(handler), std::move(label)});
}

void Router::addRefusal(std::string method,
                        std::string pattern,
                        RequestHandler handler,
                        std::string label)
{
    add(std::move(method), std::move(pattern), std::move(handler), std::move(label));
    m_routes.back().refusal = true;
}

std::string Router::routeLabel(const std::string &method, const std::string &path) const
{
    const std::vector<std::string> segments = split(path);
    std::vector<std::string> params;
    const Route *other = nullptr;
    for (const Route &route : m_routes) {
        if (!matches(route, segments, &params))
            continue;
        if (route.method == method)
            return route.label;
        if (!other)
            other = &route;
    }
    return other ? other->label : "unmatched";
}

std::vector<std::string> Router::split(const std::string &path)
{
    std::vector<std::string> out;
    size_t start = 1;
    while (start <= path.size()) {
        const size_t end = path.find('/', start);
        const size_t stop = end == std::string::npos ? path.size() : end;
        out.push_back(path.substr(start, stop - start));
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    if (!out.empty() && out.back().empty())
        out.pop_back(); // a trailing slash names the same resource
    return out;
}

bool Router::matches(const Route &route,
                     const std::vector<std::string> &segments,
                     std::vector<std::string> *params)
{
    if (route.segments.size() != segments.size())
        return false;
    params->clear();
    for (size_t i = 0; i < segments.size(); ++i) {
        if (route.segments[i] == "*") {
            if (segments[i].empty())
                return false;
            // dispatch() checked that every segment decodes.
            params->push_back(PercentDecoding::decode(segments[i]).value_or(std::string()));
        } else if (route.segments[i] != segments[i]) {
            return false;
        }
    }
    return true;
}

void Router::admit(const HttpRequest &head, AdmissionCallback done) const
{
    if (m_gate) {
        m_gate(head, std::move(done));
        return;
    }
    Admission admission;
    admission.bodyLimit = defaultBodyLimit;
    done(std::move(admission));
}

void Router::dispatch(HttpRequest request, Responder responder) const
{
    const std::vector<std::string> segments = split(request.path);
    for (const std::string &segment : segments) {
        if (!PercentDecoding::decode(segment)) {
            responder(
                Responses::error(400,
                                 "bad_request",
                                 "The path is not percent-encoded UTF-8 (RFC 3986) without control "
                                 "characters."));
            return;
        }
    }
    std::optional<PercentDecoding::QueryItems> items = PercentDecoding::parseQuery(request.query);
    if (!items) {
        responder(
            Responses::error(400,
                             "bad_request",
                             "The query is not percent-encoded UTF-8 (RFC 3986) without control "
                             "characters."));
        return;
    }
    request.queryItems = std::move(*items);

    std::string allowed;
    std::vector<std::string> params;
    for (const Route &route : m_routes) {
        if (!matches(route, segments, &params))
            continue;
        if (route.method == request.method) {
            request.pathParams = std::move(params);
            route.handler(std::move(request), std::move(responder));
            return;
        }
        if (!route.refusal && allowed.find(route.method) == std::string::npos)
            allowed += (allowed.empty() ? "" : ", ") + route.method;
    }
    if (allowed.empty()) {
        responder(Responses::error(404, "not_found", "No such resource: " + request.path));
        return;
    }
    HttpResponse r = Responses::error(405,
                                      "method_not_allowed",
                                      request.method + " is not allowed on " + request.path
                                          + " (allowed: " + allowed + ")");
    r.headers.emplace_back("Allow", allowed);
    responder(std::move(r));
}
