#pragma once

// Who sent a request, as the access gate resolved it from the bearer token
// before the body was read (HttpRequest::principal).

#include "storetypes.h"

#include <string>

struct RequestPrincipal
{
    Account account;
    std::string tokenHash; // SHA-256 of the bearer token, as the store keeps it
};
