package io.kubelode.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Runs {@link Kubelode#run} in this JVM with captured output, a fixed clock and a given environment. */
record Run(int exit, String out, String err) {
    static final Instant NOW = Instant.parse("2026-11-25T12:05:00Z");

    static Run of(Map<String, String> env, Path cwd, boolean terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Io io = new Io(new PrintWriter(out), new PrintWriter(err), terminal, 100, Clock.fixed(NOW, ZoneOffset.UTC));
        int exit = Kubelode.run(args, new Env(env, cwd), io);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Against a gateway URL with a token; no token file is looked for. */
    static Run against(String gateway, String... args) {
        return of(Map.of(Env.GATEWAY_VAR, gateway, Env.TOKEN_VAR, "t0ken", Env.STATE_VAR, "/nonexistent"),
                Path.of("/"), false, args);
    }
}
