package io.kubelode.sandbox.ssh;

import io.kubelode.sandbox.cloud.Instance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * An exec request. {@code bash -s} (the way NodeShell sends scripts) has its script read from
 * stdin to EOF; any other command line is itself the script. Nothing is executed on this host.
 */
final class ScriptCommand implements Command {
    private static final Pattern STDIN_SHELL = Pattern.compile("^\\s*(sudo\\s+)?(/usr)?(/bin/)?(ba)?sh\\s+-s\\b.*");

    private final Instance instance;
    private final String command;
    private final CommandLog log;
    private final ExecutorService executor;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private ChannelSession channel;

    ScriptCommand(Instance instance, String command, CommandLog log, ExecutorService executor) {
        this.instance = instance;
        this.command = command;
        this.log = log;
        this.executor = executor;
    }

    @Override public void setInputStream(InputStream in) { this.in = in; }
    @Override public void setOutputStream(OutputStream out) { this.out = out; }
    @Override public void setErrorStream(OutputStream err) { this.err = err; }
    @Override public void setExitCallback(ExitCallback callback) { this.exit = callback; }

    @Override
    public void start(ChannelSession channel, Environment env) {
        this.channel = channel;
        executor.execute(this::run);
    }

    private void run() {
        Instant started = Instant.now();
        try {
            String script = STDIN_SHELL.matcher(command).matches() ? readAll(in) : command;
            CommandLog.Answer answer = log.run(instance, command, script, started);
            if (answer.dropped()) {
                // a drop-commands fault: the connection goes, as a host that vanished mid-step takes it
                channel.getSession().close(true);
                return;
            }
            out.write(answer.stdout().getBytes(StandardCharsets.UTF_8));
            out.flush();
            err.write(answer.stderr().getBytes(StandardCharsets.UTF_8));
            err.flush();
            exit.onExit(answer.exitStatus());
        } catch (IOException | RuntimeException e) {
            exit.onExit(255, "sandbox: " + e.getMessage());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void destroy(ChannelSession channel) {
        // nothing runs on the host, so nothing to stop
    }
}
