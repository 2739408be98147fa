package org.plegdf.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.plegdf.util.Json;

/**
 * Checks JSON against the schemas in docs/schemas/, so the files users read and the documentation
 * they read it with cannot drift apart. Implements the part of JSON Schema those schemas use:
 * type (one or a list), enum, required, properties, additionalProperties false, items, minItems,
 * maxItems, minimum, maximum.
 */
public final class JsonSchema {
    private final JsonNode schema;

    private JsonSchema(JsonNode schema) {
        this.schema = schema;
    }

    /**
     * @param name the file name in docs/schemas/
     * @return the schema
     */
    public static JsonSchema of(String name) throws IOException {
        return new JsonSchema(Json.mapper().readTree(Path.of(System.getProperty("plegdf.root", ".."), "docs", "schemas", name).toFile()));
    }

    /**
     * @param value a JSON document
     * @return one line per violation, with its JSON path; empty when it conforms
     */
    public List<String> violations(JsonNode value) {
        List<String> out = new ArrayList<>();
        check(schema, value, "$", out);
        return out;
    }

    private static void check(JsonNode s, JsonNode v, String path, List<String> out) {
        if (s.has("enum")) {
            boolean found = false;
            for (JsonNode e : s.get("enum")) {
                found |= e.equals(v);
            }
            if (!found) {
                out.add(path + ": " + v + " is not one of " + s.get("enum"));
                return;
            }
        }
        if (s.has("type") && !typeMatches(s.get("type"), v)) {
            out.add(path + ": expected " + s.get("type") + ", found " + v.getNodeType() + " " + v);
            return;
        }
        if (v.isNumber()) {
            if (s.has("minimum") && v.asDouble() < s.get("minimum").asDouble()) {
                out.add(path + ": " + v + " < minimum " + s.get("minimum"));
            }
            if (s.has("maximum") && v.asDouble() > s.get("maximum").asDouble()) {
                out.add(path + ": " + v + " > maximum " + s.get("maximum"));
            }
        }
        if (v.isObject()) {
            for (JsonNode r : s.path("required")) {
                if (!v.has(r.asText())) {
                    out.add(path + ": missing required \"" + r.asText() + "\"");
                }
            }
            JsonNode props = s.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (props.has(f.getKey())) {
                    check(props.get(f.getKey()), f.getValue(), path + "." + f.getKey(), out);
                } else if (s.path("additionalProperties").isBoolean() && !s.get("additionalProperties").asBoolean()) {
                    out.add(path + ": property \"" + f.getKey() + "\" is not in the schema");
                }
            }
        }
        if (v.isArray()) {
            if (s.has("minItems") && v.size() < s.get("minItems").asInt()) {
                out.add(path + ": " + v.size() + " items, fewer than " + s.get("minItems"));
            }
            if (s.has("maxItems") && v.size() > s.get("maxItems").asInt()) {
                out.add(path + ": " + v.size() + " items, more than " + s.get("maxItems"));
            }
            if (s.has("items")) {
                for (int i = 0; i < v.size(); i++) {
                    check(s.get("items"), v.get(i), path + "[" + i + "]", out);
                }
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode v) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, v)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "number" -> v.isNumber();
            case "integer" -> v.isIntegralNumber();
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            default -> throw new IllegalArgumentException("schema type " + type + " not supported");
        };
    }
}
