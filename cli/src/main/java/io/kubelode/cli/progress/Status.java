package io.kubelode.cli.progress;

/** Where one layer is on one node. */
public enum Status {
    PENDING("pending"), RUNNING("running"), DONE("done"), FAILED("FAILED"), RELEASED("released");

    private final String word;

    Status(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
