package io.kubelode.sandbox.ssh;

import java.time.Instant;

/**
 * One command an instance received over SSH. The sandbox never executes it.
 *
 * @param command   the exec request, e.g. {@code bash -s}
 * @param script    what the command ran: stdin for {@code bash -s}, else the command itself (capped at 256 KiB)
 * @param outcome   {@code changed}, {@code unchanged} or {@code failed}
 */
public record CommandRecord(long instanceId, String label, long sequence, String command, String sha256,
                            String firstLine, String script, int exitStatus, String outcome, String stderr,
                            Instant started, Instant finished) {}
