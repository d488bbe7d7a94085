package io.kubelode.sandbox.api;

import java.util.List;

/** A refusal in Linode's shape: HTTP status plus {@code {"errors":[{"field","reason"}]}}. */
public class ApiException extends RuntimeException {
    private final int status;
    private final List<ErrorBody.Error> errors;

    public ApiException(int status, String field, String reason) {
        this(status, List.of(new ErrorBody.Error(field, reason)));
    }

    public ApiException(int status, List<ErrorBody.Error> errors) {
        super(errors.get(0).reason());
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public static ApiException badRequest(String field, String reason) {
        return new ApiException(400, field, reason);
    }

    public static ApiException notFound() {
        return new ApiException(404, null, "Not found");
    }

    /** Linode's answer to an action on an instance that is still doing the last one. */
    public static ApiException busy() {
        return new ApiException(400, null, "Linode busy.");
    }

    public int status() {
        return status;
    }

    public List<ErrorBody.Error> errors() {
        return errors;
    }
}
