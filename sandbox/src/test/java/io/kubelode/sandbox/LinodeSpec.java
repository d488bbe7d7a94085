package io.kubelode.sandbox;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The official Linode OpenAPI document, loaded once per JVM, and a RestAssured filter that
 * fails a test when a request or a response does not conform to it.
 */
public final class LinodeSpec {
    private static final List<String> SERVED = List.of(
            "/{apiVersion}/linode/instances", "/{apiVersion}/linode/instances/{linodeId}",
            "/{apiVersion}/linode/instances/{linodeId}/boot", "/{apiVersion}/linode/instances/{linodeId}/reboot",
            "/{apiVersion}/account/events", "/{apiVersion}/linode/types", "/{apiVersion}/linode/types/{typeId}",
            "/{apiVersion}/domains", "/{apiVersion}/domains/{domainId}", "/{apiVersion}/domains/{domainId}/records",
            "/{apiVersion}/domains/{domainId}/records/{recordId}", "/{apiVersion}/regions",
            "/{apiVersion}/regions/{regionId}", "/{apiVersion}/images", "/{apiVersion}/images/{imageId}");
    /** Where the document is looked for, from the module or the repository root. */
    private static final List<String> CANDIDATES = List.of("../../shared/specs/linode-openapi-v4.189.0.yaml",
            "../shared/specs/linode-openapi-v4.189.0.yaml");
    private static final java.util.concurrent.atomic.AtomicBoolean TOLD = new java.util.concurrent.atomic.AtomicBoolean();
    private static volatile OpenApiInteractionValidator validator;

    private LinodeSpec() {}

    /** {@code ../shared/specs/linode-openapi-v4.189.0.yaml} seen from the module (or the repository root). */
    static java.util.Optional<Path> findSpecFile() {
        // -Dkubelode.linode-openapi=<file> looks only there (e.g. a missing file, to see the skip)
        String only = System.getProperty("kubelode.linode-openapi");
        for (String candidate : only == null ? CANDIDATES : List.of(only)) {
            Path p = Path.of(candidate).toAbsolutePath().normalize();
            if (Files.isRegularFile(p)) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }

    /** Whether the document is there (CI has it beside the repository; a bare clone does not). */
    public static boolean available() {
        return findSpecFile().isPresent();
    }

    /** What is skipped without the document, and why. */
    public static String skipMessage() {
        return "SKIPPED: the Linode OpenAPI check of the sandbox's requests and responses: the official document is"
                + " not at ../shared/specs/linode-openapi-v4.189.0.yaml (looked for from " + Path.of("")
                .toAbsolutePath() + "; a clone without ../shared). The sandbox's behaviour is still asserted; put"
                + " the document there to check its shapes too.";
    }

    static Path specFile() {
        return findSpecFile().orElseThrow(() -> new IllegalStateException(skipMessage()));
    }

    /**
     * The served operations of the document as JSON: the document is larger than the 3 MiB that
     * the YAML parser inside swagger-parser accepts, and JSON parses faster.
     */
    static String servedAsJson() {
        Path yaml = specFile();
        try {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(64 * 1024 * 1024);
            ObjectMapper yamlMapper = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build());
            JsonNode tree = yamlMapper.readTree(yaml.toFile());
            // keep only the operations the sandbox serves (unchanged): the validator then builds
            // far fewer schemas, and a path outside them fails validation as "not found"
            ((ObjectNode) tree.get("paths")).retain(SERVED);
            return new ObjectMapper().writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + yaml, e);
        }
    }

    public static OpenApiInteractionValidator validator() {
        if (validator == null) {
            synchronized (LinodeSpec.class) {
                if (validator == null) {
                    // allOf parts of the document each say additionalProperties: false; resolving the
                    // combinators merges them, as the validator's FAQ recommends, so valid bodies pass
                    validator = OpenApiInteractionValidator.createForInlineApiSpecification(servedAsJson())
                            .withResolveCombinators(true)
                            .withLevelResolver(LevelResolver.create()
                                    // Linode's timestamps carry no zone ("2018-01-01T00:01:01", the document's own
                                    // examples); the sandbox sends them as Linode does, which JSON Schema's
                                    // date-time format rejects. Only this one check is relaxed.
                                    .withLevel("validation.response.body.schema.format.date-time", ValidationReport.Level.IGNORE)
                                    // X-Filter (the only oneOf parameter of the served operations) is oneOf
                                    // {any object, object of +and/+or/+order_by...}: every operator filter
                                    // matches both, so the document itself rejects Linode's documented filters
                                    .withLevel("validation.request.parameter.schema.oneOf", ValidationReport.Level.IGNORE)
                                    .build())
                            .build();
                }
            }
        }
        return validator;
    }

    /** Validates request and response. */
    public static Filter conforms() {
        return available() ? new Check(true) : unchecked();
    }

    /** Validates the response only (for requests that are meant to be wrong, such as a missing token). */
    public static Filter responseConforms() {
        return available() ? new Check(false) : unchecked();
    }

    /** Without the document: passes the exchange on unchecked and says so, once per test JVM, on stderr. */
    private static Filter unchecked() {
        if (TOLD.compareAndSet(false, true)) {
            System.err.println(skipMessage());
        }
        return (req, res, ctx) -> ctx.next(req, res);
    }

    private record Check(boolean request) implements Filter {
        @Override
        public Response filter(FilterableRequestSpecification req, FilterableResponseSpecification res, FilterContext ctx) {
            Response response = ctx.next(req, res);
            String path = URI.create(req.getURI()).getPath();
            // an image id holds a slash (linode/debian12): one path parameter of the document
            if (path.matches("/v4(beta)?/images/[^/]+/[^/]+")) {
                int cut = path.lastIndexOf('/');
                path = path.substring(0, cut) + "%2F" + path.substring(cut + 1);
            }
            Request.Method method = Request.Method.valueOf(req.getMethod());
            SimpleResponse.Builder out = SimpleResponse.Builder.status(response.statusCode())
                    .withContentType(response.contentType())
                    .withBody(response.asString());
            response.headers().forEach(h -> out.withHeader(h.getName(), h.getValue()));
            ValidationReport report;
            if (request) {
                SimpleRequest.Builder in = new SimpleRequest.Builder(method, path);
                req.getHeaders().forEach(h -> in.withHeader(h.getName(), h.getValue()));
                if (req.getBody() != null) {
                    in.withBody(req.getBody().toString());
                }
                URI uri = URI.create(req.getURI());
                if (uri.getQuery() != null) {
                    for (String pair : uri.getQuery().split("&")) {
                        String[] kv = pair.split("=", 2);
                        in.withQueryParam(kv[0], kv.length > 1 ? kv[1] : "");
                    }
                }
                report = validator().validate(in.build(), out.build());
            } else {
                report = validator().validateResponse(path, method, out.build());
            }
            if (report.hasErrors()) {
                String messages = report.getMessages().stream()
                        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                        .map(m -> m.getKey() + ": " + m.getMessage() + (m.getAdditionalInfo().isEmpty() ? "" : " " + m.getAdditionalInfo()))
                        .collect(Collectors.joining("\n  "));
                throw new AssertionError(req.getMethod() + " " + path + " -> " + response.statusCode()
                        + " does not conform to the Linode OpenAPI document:\n  " + messages + "\nbody: " + response.asString());
            }
            return response;
        }
    }
}
