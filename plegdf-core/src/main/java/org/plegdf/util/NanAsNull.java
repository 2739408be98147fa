package org.plegdf.util;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;

/**
 * An undefined number (a correlation of constant predictions) in JSON: written as {@code null},
 * not as the string {@code "NaN"} that other JSON readers refuse, and read back as NaN (older files
 * with {@code "NaN"} too). Use on a {@code double} with {@code @JsonSerialize(using = NanAsNull.Writer.class)}
 * and {@code @JsonDeserialize(using = NanAsNull.Reader.class)}.
 */
public final class NanAsNull {
    private NanAsNull() {}

    /** Writes NaN as null. */
    public static final class Writer extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            if (value == null || value.isNaN()) {
                gen.writeNull();
            } else {
                gen.writeNumber(value);
            }
        }
    }

    /** Reads null (and "NaN") as NaN. */
    public static final class Reader extends JsonDeserializer<Double> {
        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken().isNumeric()) {
                return p.getDoubleValue();
            }
            String text = p.getValueAsString();
            if ("NaN".equals(text)) {
                return Double.NaN;
            }
            return (Double) ctxt.handleUnexpectedToken(Double.class, p);
        }

        @Override
        public Double getNullValue(DeserializationContext ctxt) {
            return Double.NaN;
        }
    }
}
