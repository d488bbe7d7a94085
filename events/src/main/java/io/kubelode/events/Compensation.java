package io.kubelode.events;

/** An event saying a layer removed what it had created, for one of the reasons in {@link Cause}. */
public interface Compensation {

    /** Why a layer undid its work. */
    enum Cause {
        /** A layer above or this layer failed; the saga rolls the cluster back. */
        ROLLBACK,
        /** The person asked for the cluster to be deleted. */
        DELETE
    }

    /** Why this compensation ran. */
    Cause cause();

    /** The reason of the failure that started a rollback, or {@link FailureReason#DELETED}. */
    FailureReason reason();
}
