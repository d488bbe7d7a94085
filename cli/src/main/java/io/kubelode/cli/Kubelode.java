package io.kubelode.cli;

import io.kubelode.cli.http.Gateway;
import io.kubelode.cli.http.GatewayException;
import io.kubelode.cli.render.Format;
import io.kubelode.cli.render.ProblemText;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code kubelode}: create, inspect, follow, scale and delete clusters through the gateway. */
@Command(name = "kubelode", mixinStandardHelpOptions = true, version = "kubelode 0.1.0",
        description = "Highly available Kubernetes clusters on Linode, through the kubelode gateway.",
        subcommands = {CreateCommand.class, GetCommand.class, EventsCommand.class, ScaleCommand.class,
                DeleteCommand.class, KubeconfigCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%n", footer = {"Environment:",
                "  KUBELODE_GATEWAY  gateway URL (default " + Env.DEFAULT_GATEWAY + ")",
                "  KUBELODE_TOKEN    API token; else .kubelode/gateway.token (written by",
                "                    ./kubelode up) in the working directory or a parent,",
                "                    or $KUBELODE_STATE/gateway.token", "",
                Exit.LEGEND})
public final class Kubelode implements Runnable {
    @Option(names = "--gateway", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "gateway URL (env KUBELODE_GATEWAY, default " + Env.DEFAULT_GATEWAY + ")")
    String gatewayUrl;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "API token (env KUBELODE_TOKEN, else .kubelode/gateway.token)")
    String token;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "table (default), json or yaml")
    Format format = Format.table;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Env env;
    private final Io io;

    public Kubelode(Env env, Io io) {
        this.env = env;
        this.io = io;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: create, get, events,"
                + " scale, delete or kubeconfig (kubelode --help)");
    }

    Io io() {
        return io;
    }

    Format format() {
        return format;
    }

    /** The gateway client, from the options, the environment or the token file. */
    Gateway gateway() {
        URI base = env.gateway(gatewayUrl);
        return new Gateway(base, env.token(token));
    }

    Env env() {
        return env;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                StandardCharsets.UTF_8), true);
        int columns = 80;
        try {
            String c = System.getenv("COLUMNS");
            columns = c == null ? 80 : Integer.parseInt(c.trim());
        } catch (NumberFormatException e) {
            // keep 80
        }
        Io io = new Io(out, err, System.console() != null, columns, Clock.systemUTC());
        int code = run(args, Env.system(), io);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one command line; returns its exit code (see {@link Exit}). */
    public static int run(String[] args, Env env, Io io) {
        CommandLine cl = new CommandLine(new Kubelode(env, io));
        cl.setOut(io.out());
        cl.setErr(io.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, command, parsed) -> {
            int code = report(e, io.err());
            io.err().flush();
            return code;
        });
        int code = cl.execute(args);
        io.out().flush();
        io.err().flush();
        return code;
    }

    /** Prints a failure for a person on stderr and returns its exit code. */
    static int report(Exception e, PrintWriter err) {
        if (e instanceof GatewayException g) {
            err.print(ProblemText.render(g.status(), g.problem(), g.hint()));
            return g.exitCode();
        }
        if (e instanceof CliException c) {
            err.println("error: " + c.getMessage());
            return c.exitCode();
        }
        if (e instanceof CommandLine.ParameterException p) {
            err.println("error: " + p.getMessage());
            return Exit.USAGE;
        }
        err.println("error: unexpected " + e);
        return Exit.UNAVAILABLE;
    }
}
