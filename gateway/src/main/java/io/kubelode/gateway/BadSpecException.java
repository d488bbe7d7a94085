package io.kubelode.gateway;

/** A spec the gateway refuses, with the problem to answer. */
public class BadSpecException extends RuntimeException {
    private final transient Problem problem;

    public BadSpecException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
