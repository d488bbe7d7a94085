package io.kubelode.dns.sandbox;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubelode.dns.provider.linode.ExchangeListener;
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
 * Validates every request the Linode DNS client sends and every response it gets against the
 * official Linode OpenAPI document (swagger-request-validator, as the sandbox and the provisioner
 * do), collecting the violations and counting the exchanges by method.
 */
public final class LinodeSpecCheck implements ExchangeListener {
    private static final List<String> DOMAIN_PATHS = List.of("/{apiVersion}/domains", "/{apiVersion}/domains/{domainId}",
            "/{apiVersion}/domains/{domainId}/records", "/{apiVersion}/domains/{domainId}/records/{recordId}");
    private static volatile OpenApiInteractionValidator validator;

    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<String> writes = new CopyOnWriteArrayList<>();
    private final AtomicInteger checked = new AtomicInteger();

    @Override
    public void exchanged(HttpRequest request, String body, HttpResponse<String> response) {
        URI uri = request.uri();
        SimpleRequest.Builder req = new SimpleRequest.Builder(request.method(), uri.getRawPath());
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                req.withQueryParam(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        request.headers().map().forEach(req::withHeader);
        if (body != null) {
            req.withBody(body);
        }
        SimpleResponse.Builder res = new SimpleResponse.Builder(response.statusCode()).withBody(response.body());
        response.headers().map().forEach(res::withHeader);
        checked.incrementAndGet();
        if (!"GET".equals(request.method())) {
            writes.add(request.method() + " " + uri.getRawPath());
        }
        if (!available()) {
            return; // a clone without ../shared: the behaviour is asserted, the shapes cannot be (skipMessage)
        }
        ValidationReport report = validator().validate(req.build(), res.build());
        if (report.hasErrors()) {
            violations.add(request.method() + " " + uri.getRawPath() + " → " + response.statusCode() + ": "
                    + report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .map(m -> m.getKey() + " " + m.getMessage()).collect(Collectors.joining("; ")));
        }
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Every POST, PUT and DELETE so far. */
    public List<String> writes() {
        return List.copyOf(writes);
    }

    public int checked() {
        return checked.get();
    }

    /** Whether the official document is beside the repository (CI has it; a bare clone does not). */
    public static boolean available() {
        return findSpecFile() != null;
    }

    /** What is skipped without the document, and why. */
    public static String skipMessage() {
        return "SKIPPED: validating the Linode DNS client's requests and the sandbox's responses against the official"
                + " Linode OpenAPI document: it is not at ../shared/specs/linode-openapi-v4.189.0.yaml (looked for"
                + " from " + Path.of("").toAbsolutePath() + "; a clone without ../shared). The client's behaviour"
                + " against the sandbox is still asserted.";
    }

    private static Path findSpecFile() {
        for (String candidate : List.of("../../shared/specs/linode-openapi-v4.189.0.yaml",
                "../shared/specs/linode-openapi-v4.189.0.yaml")) {
            Path p = Path.of(candidate).toAbsolutePath().normalize();
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    static Path specFile() {
        Path p = findSpecFile();
        if (p == null) {
            throw new IllegalStateException(skipMessage());
        }
        return p;
    }

    static OpenApiInteractionValidator validator() {
        if (validator == null) {
            synchronized (LinodeSpecCheck.class) {
                if (validator == null) {
                    // allOf parts each say additionalProperties: false; resolving the combinators merges
                    // them (the validator's FAQ), so valid bodies pass. Linode's timestamps carry no zone
                    // (the document's own examples), which JSON Schema's date-time rejects: only that is relaxed.
                    validator = OpenApiInteractionValidator.createForInlineApiSpecification(domainsAsJson())
                            .withResolveCombinators(true)
                            .withLevelResolver(LevelResolver.create().withLevel(
                                    "validation.response.body.schema.format.date-time", ValidationReport.Level.IGNORE)
                                    .build())
                            .build();
                }
            }
        }
        return validator;
    }

    /** The document's domains operations as JSON: the whole YAML exceeds the parser's 3 MiB default. */
    private static String domainsAsJson() {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(64 * 1024 * 1024);
            JsonNode tree = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build())
                    .readTree(specFile().toFile());
            ((ObjectNode) tree.get("paths")).retain(DOMAIN_PATHS);
            return new ObjectMapper().writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
