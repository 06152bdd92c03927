package io.bianwei.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One input document: either a text to screen or the reason it could not be read. Never dropped: a bad record
 * becomes an {@code ERROR} output line.
 *
 * @param id     the record's id ({@code id} field, or {@code source:line} when it has none)
 * @param text   the text to screen; null when {@code error} is set
 * @param extra  the other fields of a JSONL object, passed through to the output untouched
 * @param error  why the record could not be read, with its file and line; null when fine
 */
public record InputRecord(String id, String text, Map<String, JsonNode> extra, String error) {
    public InputRecord {
        Objects.requireNonNull(id, "id");
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        if ((text == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of text and error must be set");
        }
    }

    public static InputRecord ofText(String id, String text) {
        return new InputRecord(id, text, Map.of(), null);
    }

    public static InputRecord ofError(String id, String error) {
        return new InputRecord(id, null, Map.of(), error);
    }

    public boolean isError() {
        return error != null;
    }

    /**
     * Reads one JSONL line.
     *
     * @param line      the raw line
     * @param idField   the field holding the id (a string or number; optional)
     * @param textField the field holding the text (must be a string)
     * @param where     {@code file:line} for ids and messages
     */
    public static InputRecord parseJsonl(String line, String idField, String textField, String where) {
        JsonNode node;
        try {
            node = Jsonl.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return ofError(where, where + ": malformed JSON: " + e.getOriginalMessage());
        }
        return fromJson(node, idField, textField, where);
    }

    /**
     * Reads one parsed JSON value as a record (what {@link #parseJsonl} does after parsing; the screening service
     * reads each element of a batch with it).
     *
     * @param node      the value; anything but an object is an error record
     * @param idField   the field holding the id (a string or number; optional: {@code where} when absent)
     * @param textField the field holding the text (must be a string)
     * @param where     where the value came from, for ids and messages ({@code file:line}, {@code $[3]})
     */
    public static InputRecord fromJson(JsonNode node, String idField, String textField, String where) {
        if (!(node instanceof ObjectNode obj)) {
            return ofError(where, where + ": expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType()));
        }
        JsonNode idNode = obj.get(idField);
        String id = idNode == null || idNode.isNull() ? where
                : idNode.isValueNode() ? idNode.asText() : idNode.toString();
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        obj.fields().forEachRemaining(e -> {
            if (!e.getKey().equals(idField) && !e.getKey().equals(textField)) {
                extra.put(e.getKey(), e.getValue());
            }
        });
        JsonNode t = obj.get(textField);
        if (t == null || t.isNull()) {
            return new InputRecord(id, null, extra, where + ": missing field '" + textField + "'");
        }
        if (!t.isTextual()) {
            return new InputRecord(id, null, extra, where + ": field '" + textField + "' is " + t.getNodeType()
                    + ", not a string");
        }
        return new InputRecord(id, t.textValue(), extra, null);
    }
}
