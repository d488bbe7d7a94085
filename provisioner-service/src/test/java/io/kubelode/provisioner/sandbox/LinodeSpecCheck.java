package io.kubelode.provisioner.sandbox;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.atlassian.oai.validator.report.LevelResolver;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubelode.provisioner.linode.ExchangeListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Validates every request the Linode client sends and every response it gets against the
 * official Linode OpenAPI document (swagger-request-validator), collecting the violations.
 */
public final class LinodeSpecCheck implements ExchangeListener {
    private static volatile OpenApiInteractionValidator validator;

    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger checked = new AtomicInteger();

    @Override
    public void exchanged(HttpRequest request, String body, HttpResponse<String> response) {
        if (!available()) {
            return;
        }
        URI uri = request.uri();
        // the document's paths are /{apiVersion}/..., served from https://api.linode.com; an image id
        // holds a slash (linode/debian12), which is one path parameter of the document
        String path = uri.getRawPath();
        if (path.matches("/v4(beta)?/images/[^/]+/[^/]+")) {
            int cut = path.lastIndexOf('/');
            path = path.substring(0, cut) + "%2F" + path.substring(cut + 1);
        }
        SimpleRequest.Builder req = new SimpleRequest.Builder(request.method(), path);
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                req.withQueryParam(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        request.headers().map().forEach((k, v) -> req.withHeader(k, v));
        if (body != null) {
            req.withBody(body);
        }
        SimpleResponse.Builder res = new SimpleResponse.Builder(response.statusCode()).withBody(response.body());
        response.headers().map().forEach((k, v) -> res.withHeader(k, v));
        ValidationReport report = validator().validate(req.build(), res.build());
        checked.incrementAndGet();
        if (report.hasErrors()) {
            violations.add(request.method() + " " + uri.getRawPath() + " → " + response.statusCode() + ": "
                    + report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .map(m -> m.getKey() + ": " + m.getMessage() + (m.getAdditionalInfo().isEmpty() ? "" : " " + m.getAdditionalInfo())).collect(Collectors.joining("; ")));
        }
    }

    /** Builds the validator now (seconds), so the first exchange is not slowed down; nothing without the document. */
    public static void load() {
        if (available()) {
            validator();
        } else {
            System.err.println(skipMessage());
        }
    }

    /** Whether the official document is beside the repository (CI has it; a bare clone does not). */
    public static boolean available() {
        try {
            specFile();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** What is skipped without the document, and why. */
    public static String skipMessage() {
        return "SKIPPED: validating the Linode client's requests and the sandbox's responses against the official"
                + " Linode OpenAPI document: it is not at ../shared/specs/linode-openapi-v4.189.0.yaml (looked for"
                + " from " + Path.of("").toAbsolutePath() + "; a clone without ../shared). The client's behaviour"
                + " against the sandbox is still asserted.";
    }

    /** Violations so far (empty when every exchange conformed). */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    public int checked() {
        return checked.get();
    }

    static Path specFile() {
        // -Dkubelode.linode-openapi=<file> looks only there (e.g. a missing file, to see the skip)
        String only = System.getProperty("kubelode.linode-openapi");
        for (String candidate : only == null ? List.of("../../shared/specs/linode-openapi-v4.189.0.yaml",
                "../shared/specs/linode-openapi-v4.189.0.yaml") : List.of(only)) {
            Path p = Path.of(candidate).toAbsolutePath().normalize();
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("the Linode OpenAPI document is not at ../../shared/specs");
    }

    /** The YAML converted once to JSON in target/: it exceeds the YAML parser's 3 MiB default. */
    static OpenApiInteractionValidator validator() {
        if (validator == null) {
            synchronized (LinodeSpecCheck.class) {
                if (validator == null) {
                    // allOf parts each say additionalProperties: false; resolving the combinators merges them
                    // (the validator's FAQ). Linode's timestamps carry no zone ("2018-01-01T00:01:01", as in the
                    // document's own examples), which JSON Schema's date-time format rejects: only that is relaxed.
                    validator = OpenApiInteractionValidator.createForInlineApiSpecification(usedPaths())
                            .withResolveCombinators(true)
                            .withLevelResolver(LevelResolver.create()
                                    .withLevel("validation.response.body.schema.format.date-time",
                                            ValidationReport.Level.IGNORE)
                                    .build())
                            .build();
                }
            }
        }
        return validator;
    }

    /** The operations the client uses, unchanged (fewer schemas to build; anything else fails as not found). */
    private static final List<String> USED = List.of("/{apiVersion}/linode/instances",
            "/{apiVersion}/linode/instances/{linodeId}", "/{apiVersion}/linode/instances/{linodeId}/boot",
            "/{apiVersion}/account/events", "/{apiVersion}/linode/types", "/{apiVersion}/regions/{regionId}",
            "/{apiVersion}/images/{imageId}");

    private static String usedPaths() {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(64 * 1024 * 1024);
            JsonNode tree = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build())
                    .readTree(specFile().toFile());
            ((ObjectNode) tree.get("paths")).retain(USED);
            return new ObjectMapper().writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
