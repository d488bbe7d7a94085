package io.kubelode.gateway;

/** A spec the gateway refuses, with the problem to answer. */
public class BadSpecException extends ProblemException {

    public BadSpecException(Problem problem) {
        super(problem);
    }
}
