package io.kubelode.cli.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Event histories recorded from the real gateway's SSE stream ({@code kubelode events ID -o json}
 * in CliAgainstGatewayIT), with the cluster id normalised to homelab-abcde and the event times
 * respaced to a realistic pace (the test published them within milliseconds).
 */
final class Recorded {
    private Recorded() {
    }

    static List<String> lines(String name) {
        try (InputStream in = Recorded.class.getResourceAsStream("/recorded/" + name + ".jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> entries(String name) {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String l : lines(name)) {
            try {
                out.add(json.readTree(l));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
