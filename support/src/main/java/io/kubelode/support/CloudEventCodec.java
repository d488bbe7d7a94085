package io.kubelode.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.events.EventType;
import io.kubelode.events.KubelodeEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode: context attributes in {@code ce_*}
 * headers, the JSON payload as the record value, the cluster id as the record key.
 */
public final class CloudEventCodec {
    public static final String SPECVERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";
    public static final String JSON_CONTENT = "application/json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private CloudEventCodec() {
    }

    /** The headers that carry the event's context attributes. */
    public static Headers headers(CloudEvent event) {
        RecordHeaders h = new RecordHeaders();
        h.add(SPECVERSION, bytes("1.0"));
        h.add(ID, bytes(event.id()));
        h.add(TYPE, bytes(event.type().type()));
        h.add(SOURCE, bytes(event.source()));
        h.add(SUBJECT, bytes(event.subject()));
        h.add(TIME, bytes(event.time().toString()));
        h.add(CONTENT_TYPE, bytes(JSON_CONTENT));
        return h;
    }

    /** The payload as JSON text. */
    public static String payload(KubelodeEvent event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + event.getClass().getSimpleName(), e);
        }
    }

    /** A record for the event's own topic, keyed by cluster id. */
    public static ProducerRecord<String, String> toRecord(CloudEvent event) {
        return new ProducerRecord<>(event.type().topic(), null, event.subject(), payload(event.data()),
                headers(event));
    }

    /** Reads a record written by {@link #toRecord}; a record kubelode cannot read is a {@link PoisonEvent}. */
    public static CloudEvent fromRecord(ConsumerRecord<String, String> record) {
        return decode(record.headers(), record.value());
    }

    /** Reads an event from its headers and JSON payload. */
    public static CloudEvent decode(Headers headers, String value) {
        String spec = text(headers, SPECVERSION);
        if (!"1.0".equals(spec)) {
            throw new PoisonEvent("not a CloudEvents 1.0 record (ce_specversion " + spec + ")");
        }
        String typeName = required(headers, TYPE);
        EventType type = EventType.ofType(typeName)
                .orElseThrow(() -> new PoisonEvent("unknown event type " + typeName));
        KubelodeEvent data;
        try {
            data = JSON.readValue(value, type.payload());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonEvent("payload of " + typeName + " is unreadable: " + reason(e));
        }
        Instant time;
        try {
            time = Instant.parse(required(headers, TIME));
        } catch (DateTimeParseException e) {
            throw new PoisonEvent("ce_time is not an RFC 3339 timestamp");
        }
        return new CloudEvent(required(headers, ID), type, required(headers, SOURCE), required(headers, SUBJECT),
                time, data);
    }

    private static String reason(Exception e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }

    private static String required(Headers headers, String name) {
        String value = text(headers, name);
        if (value == null || value.isEmpty()) {
            throw new PoisonEvent("header " + name + " is missing");
        }
        return value;
    }

    /** The last value of a header as UTF-8 text, or null. */
    public static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
