package io.bianwei.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
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
     * Reads one JSONL line: exactly one JSON object, read by {@link JsonInput}'s rules (numbers verbatim, a key given
     * twice or an unpaired surrogate is an error naming it, broken JSON described in our words). Content after the
     * object (a second object on the same line, say) makes the record an error that keeps the first object's id,
     * since a parser alone would silently ignore it; a line that cannot be read keeps the id it starts with, when
     * that can be read.
     *
     * @param line      the raw line
     * @param idField   the field holding the id (a string or number; optional)
     * @param textField the field holding the text (must be a string)
     * @param where     {@code file:line} for ids and messages
     */
    public static InputRecord parseJsonl(String line, String idField, String textField, String where) {
        JsonInput.Parsed parsed;
        try {
            parsed = JsonInput.parse(line);
        } catch (JsonInputException e) {
            String id = idFromPrefix(line, idField);
            return ofError(id != null ? id : where, where + ": " + e.getMessage());
        }
        InputRecord r = fromJson(parsed.value(), idField, textField, where);
        if (parsed.trailing() != null && parsed.value() instanceof ObjectNode) { // the trailing content comes first
            return new InputRecord(r.id(), null, r.extra(), where + ": " + parsed.trailing().getMessage());
        }
        return r;
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
            return ofError(where, where + ": expected a JSON object, got " + (node == null || node.isMissingNode()
                    ? "nothing" : node.getNodeType()));
        }
        JsonNode idNode = obj.get(idField);
        String id = idNode == null || idNode.isNull() ? where
                : idNode.isValueNode() ? idNode.asText() : idNode.toString();
        if (JsonInput.surrogate(id) >= 0) { // a tree read by another reader than JsonInput's
            return ofError(where, where + ": field \"" + idField + "\" holds an unpaired surrogate: not valid Unicode, "
                    + "so it cannot be read or written back");
        }
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            if (!e.getKey().equals(idField) && !e.getKey().equals(textField)) {
                extra.put(e.getKey(), e.getValue());
            }
        }
        JsonNode t = obj.get(textField);
        if (t == null || t.isNull()) {
            return new InputRecord(id, null, extra, where + ": missing field '" + textField + "'");
        }
        if (!t.isTextual()) {
            return new InputRecord(id, null, extra, where + ": field '" + textField + "' is " + t.getNodeType()
                    + ", not a string");
        }
        if (JsonInput.surrogate(t.textValue()) >= 0) {
            return new InputRecord(id, null, extra, where + ": field \"" + textField + "\" holds an unpaired surrogate: "
                    + "not valid Unicode, so it cannot be read or written back");
        }
        return new InputRecord(id, t.textValue(), extra, null);
    }

    /**
     * The id of a JSON object of which only the start can be read (an over-long or a broken line): the top-level
     * {@code idField}'s value if it comes before the text breaks off, else null; also null when the id is given twice
     * or is not valid Unicode (then the record is named by its {@code file:line}).
     */
    static String idFromPrefix(String prefix, String idField) {
        String id = null;
        try (JsonParser p = Jsonl.MAPPER.createParser(prefix)) { // no duplicate check: two ids are counted here
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) != null && t != JsonToken.END_OBJECT) {
                if (t == JsonToken.FIELD_NAME) {
                    boolean isId = p.currentName().equals(idField);
                    JsonToken v = p.nextToken();
                    if (isId && id != null) {
                        return null;
                    }
                    if (isId && v != null && v.isScalarValue() && v != JsonToken.VALUE_NULL) {
                        id = p.getText();
                        if (JsonInput.surrogate(id) >= 0) {
                            return null;
                        }
                    }
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // the prefix ends inside a value, or breaks: the id found so far, if any
        }
        return id;
    }
}
