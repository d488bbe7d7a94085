package io.kubelode.provisioner.linode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Sees each HTTP exchange with the Linode API (tests validate them against the OpenAPI document). */
@FunctionalInterface
public interface ExchangeListener {
    ExchangeListener NONE = (request, body, response) -> { };

    /** @param body the request body, or null */
    void exchanged(HttpRequest request, String body, HttpResponse<String> response);
}
