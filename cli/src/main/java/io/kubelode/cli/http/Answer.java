package io.kubelode.cli.http;

import java.net.http.HttpHeaders;

/** A successful answer of the gateway. */
public record Answer(int status, HttpHeaders headers, String body) {

    /** A header's first value, or null. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }
}
