package io.kubelode.dns.provider.linode;

import java.time.Duration;

/**
 * @param url      API base, e.g. {@code https://api.linode.com/v4} or the sandbox's {@code http://127.0.0.1:port/v4}
 * @param token    bearer token; never printed ({@link #toString()} hides it)
 * @param soaEmail SOA email of domains kubelode creates
 * @param timeout  per request
 */
public record LinodeSettings(String url, String token, String soaEmail, Duration timeout) {
    @Override
    public String toString() {
        return "LinodeSettings[url=" + url + ", token=<hidden>, soaEmail=" + soaEmail + ", timeout=" + timeout + "]";
    }
}
