package io.kubelode.gateway.view;

/** A deployed app and its clean URL. */
public record AppView(String app, String host, String url, boolean ready) {
}
