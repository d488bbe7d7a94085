package io.kubelode.dns.provider.linode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Sees every HTTP exchange of the Linode DNS client (tests validate them against the OpenAPI document). */
@FunctionalInterface
public interface ExchangeListener {
    ExchangeListener NONE = (request, body, response) -> { };

    /** {@code body} is the request body sent, or null. */
    void exchanged(HttpRequest request, String body, HttpResponse<String> response);
}
