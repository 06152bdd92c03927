package io.bianwei.json;

import io.bianwei.ScreenerSettings;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts the documents out of one input: the one reader of the CLI and the Flink job, so that both read a file the
 * same way.
 * <ul>
 *   <li>Strict UTF-8: bytes that do not decode make an error record naming the line, never U+FFFD. A UTF-8 byte-order
 *       mark is dropped; an input that starts with a UTF-16 or UTF-32 byte-order mark, or whose first bytes are
 *       ASCII interleaved with NULs (UTF-16 without one), is one error record saying so.</li>
 *   <li>{@link Layout#JSONL} and {@link Layout#LINES}: LF, CRLF and a lone CR each end a line; blank lines are
 *       skipped. A line longer than {@link Limits#maxRecordBytes()} is not kept in memory: it becomes an error
 *       record (for JSONL with the id found in its first {@value #ID_PREFIX_BYTES} bytes).</li>
 *   <li>{@link Layout#TEXT}: the whole input is one document; only the first {@link Limits#maxTextBytes()} bytes are
 *       read, which always hold more than {@code maxTextChars} characters, so the screener's own cut (screen the first
 *       {@code maxTextLength} characters, and say so in the result's notes) applies as for any long text.</li>
 * </ul>
 * Not thread-safe; one instance per input.
 */
public final class DocumentReader implements Closeable {
    /** Default cap of a JSONL or LINES record: 16 MiB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 16 << 20;
    /** How much of an over-long JSONL line is kept to find its id. */
    public static final int ID_PREFIX_BYTES = 64 << 10;

    /**
     * What one record may cost.
     *
     * @param maxRecordBytes longest JSONL or LINES line, in bytes (its line end not counted)
     * @param maxTextChars   the screener's {@code maxTextLength}: a TEXT input is read as far as that needs
     */
    public record Limits(int maxRecordBytes, int maxTextChars) implements java.io.Serializable {
        public Limits {
            if (maxRecordBytes < 1 || maxTextChars < 1) {
                throw new IllegalArgumentException("limits must be positive: " + maxRecordBytes + ", " + maxTextChars);
            }
        }

        /** 16 MiB per record, the library's default {@code maxTextLength}. */
        public static Limits defaults() {
            return new Limits(DEFAULT_MAX_RECORD_BYTES, ScreenerSettings.DEFAULT_MAX_TEXT_LENGTH);
        }

        public Limits withMaxRecordBytes(int bytes) {
            return new Limits(bytes, maxTextChars);
        }

        public Limits withMaxTextChars(int chars) {
            return new Limits(maxRecordBytes, chars);
        }

        /** Bytes of a TEXT input that hold at least {@code maxTextChars} UTF-16 units (3 bytes per unit at most). */
        public long maxTextBytes() {
            return 3L * maxTextChars + 4;
        }
    }

    private final InputStream in;
    private final String name;
    private final Layout layout;
    private final Limits limits;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private boolean eof;
    private boolean started;
    private boolean done;
    private boolean skipLf;
    private byte[] line = new byte[256];
    private int lineLength;
    private long lineBytes;
    private long lineNo;
    private long bytesRead;

    /**
     * @param in     the input, already decompressed; closed by {@link #close()}
     * @param name   its name for ids and messages (a path as given, {@code stdin}, a URI)
     * @param layout how to cut it
     */
    public DocumentReader(InputStream in, String name, Layout layout, Limits limits) {
        this.in = in;
        this.name = name;
        this.layout = layout;
        this.limits = limits;
    }

    /** The next record, or null at the end of the input. Read errors are thrown; the caller names them. */
    public RawRecord next() throws IOException {
        if (done) {
            return null;
        }
        if (!started) {
            started = true;
            String encoding = sniff();
            if (encoding != null) {
                done = true;
                return new RawRecord(name, 0, layout, null, name + ": " + encoding);
            }
        }
        if (layout == Layout.TEXT) {
            done = true;
            return readText();
        }
        while (readLine()) {
            lineNo++;
            String where = name + ":" + lineNo;
            if (lineBytes > limits.maxRecordBytes()) {
                String prefix = layout == Layout.JSONL ? lenient(line, lineLength) : null;
                return new RawRecord(name, lineNo, layout, prefix, where + ": record of " + lineBytes
                        + " bytes is over the limit of " + limits.maxRecordBytes() + " bytes per record");
            }
            Decoded d = decode(line, lineLength);
            if (d.text == null) {
                return new RawRecord(name, lineNo, layout, null, where + ": not valid UTF-8 (byte " + (d.errorOffset + 1)
                        + " of the line)");
            }
            if (d.text.isBlank()) {
                continue;
            }
            return new RawRecord(name, lineNo, layout, d.text, null);
        }
        done = true;
        return null;
    }

    /** Bytes consumed from the input so far. */
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public void close() throws IOException {
        done = true;
        in.close();
    }

    /**
     * One whole message (a Kafka record's value) as a JSONL record: the same size cap, decoding and byte-order-mark
     * checks as a line of a file, but line ends are part of the record.
     */
    public static RawRecord message(byte[] bytes, String source, long offset, Limits limits) {
        String where = source + ":" + offset;
        if (bytes.length > limits.maxRecordBytes()) {
            return new RawRecord(source, offset, Layout.JSONL, lenient(bytes, Math.min(bytes.length, ID_PREFIX_BYTES)),
                    where + ": record of " + bytes.length + " bytes is over the limit of " + limits.maxRecordBytes()
                            + " bytes per record");
        }
        String encoding = encodingProblem(bytes, bytes.length);
        if (encoding != null) {
            return new RawRecord(source, offset, Layout.JSONL, null, where + ": " + encoding);
        }
        int skip = bom(bytes, bytes.length);
        Decoded d = decode(Arrays.copyOfRange(bytes, skip, bytes.length), bytes.length - skip);
        if (d.text == null) {
            return new RawRecord(source, offset, Layout.JSONL, null, where + ": not valid UTF-8 (byte "
                    + (d.errorOffset + skip + 1) + ")");
        }
        return new RawRecord(source, offset, Layout.JSONL, d.text, null);
    }

    // --- encoding ------------------------------------------------------------------------------------------------

    /** Reads ahead at least 4 bytes (or to the end); drops a UTF-8 BOM; returns a problem for UTF-16/32 input. */
    private String sniff() throws IOException {
        while (lim < 4 && !eof) { // enough for a byte-order mark; the NUL check uses what the first reads gave
            int n = in.read(buf, lim, buf.length - lim);
            if (n < 0) {
                eof = true;
            } else {
                lim += n;
            }
        }
        String problem = encodingProblem(buf, lim);
        if (problem != null) {
            return problem;
        }
        int skip = bom(buf, lim);
        pos += skip;
        bytesRead += skip;
        return null;
    }

    private static int bom(byte[] b, int n) {
        return n >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF ? 3 : 0;
    }

    /** "UTF-16 …, not UTF-8: …" when the first bytes say so, else null. */
    static String encodingProblem(byte[] b, int n) {
        String found = null;
        if (n >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE && b[2] == 0 && b[3] == 0) {
            found = "UTF-32 (little-endian byte-order mark FF FE 00 00)";
        } else if (n >= 4 && b[0] == 0 && b[1] == 0 && (b[2] & 0xFF) == 0xFE && (b[3] & 0xFF) == 0xFF) {
            found = "UTF-32 (big-endian byte-order mark 00 00 FE FF)";
        } else if (n >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            found = "UTF-16 (little-endian byte-order mark FF FE)";
        } else if (n >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            found = "UTF-16 (big-endian byte-order mark FE FF)";
        } else {
            // no mark: ASCII text in UTF-16 has a NUL in every other byte
            int pairs = Math.min(n, 512) / 2;
            int evenNul = 0;
            int oddNul = 0;
            for (int i = 0; i < pairs; i++) {
                evenNul += b[2 * i] == 0 ? 1 : 0;
                oddNul += b[2 * i + 1] == 0 ? 1 : 0;
            }
            if (pairs >= 2 && oddNul * 10 >= pairs * 4 && evenNul * 10 < pairs) {
                found = "UTF-16 (little-endian, no byte-order mark: every other byte is NUL)";
            } else if (pairs >= 2 && evenNul * 10 >= pairs * 4 && oddNul * 10 < pairs) {
                found = "UTF-16 (big-endian, no byte-order mark: every other byte is NUL)";
            }
        }
        return found == null ? null : "the input is " + found + ", not UTF-8; convert it first, e.g. iconv -f "
                + (found.startsWith("UTF-32") ? "UTF-32" : "UTF-16") + " -t UTF-8";
    }

    private record Decoded(String text, int errorOffset) {
    }

    private static Decoded decode(byte[] bytes, int length) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer src = ByteBuffer.wrap(bytes, 0, length);
        CharBuffer out = CharBuffer.allocate(length + 1);
        CoderResult r = d.decode(src, out, true);
        if (!r.isError()) {
            r = d.flush(out);
        }
        if (r.isError()) {
            return new Decoded(null, src.position());
        }
        out.flip();
        return new Decoded(out.toString(), -1);
    }

    private static String lenient(byte[] bytes, int length) {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    // --- TEXT ----------------------------------------------------------------------------------------------------

    private RawRecord readText() throws IOException {
        long max = limits.maxTextBytes();
        byte[] all = new byte[(int) Math.min(max, Math.max(lim - pos, 1 << 12))];
        int n = 0;
        boolean truncated = false;
        while (true) {
            if (pos == lim && !fill()) {
                break;
            }
            if (n == max) {
                truncated = true;
                break;
            }
            if (n == all.length) {
                all = Arrays.copyOf(all, (int) Math.min(max, (long) all.length * 2));
            }
            int k = Math.min(lim - pos, all.length - n);
            System.arraycopy(buf, pos, all, n, k);
            pos += k;
            n += k;
            bytesRead += k;
        }
        if (truncated && n > 0) {
            // cut at a character boundary: drop a trailing, incomplete UTF-8 sequence
            int i = n - 1;
            while (i > 0 && n - i < 4 && (all[i] & 0xC0) == 0x80) {
                i--;
            }
            int lead = all[i] & 0xFF;
            int need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (n - i < need) {
                n = i;
            }
        }
        Decoded d = decode(all, n);
        if (d.text == null) {
            int lineOf = 1;
            for (int i = 0; i < d.errorOffset; i++) {
                lineOf += all[i] == '\n' ? 1 : 0;
            }
            return new RawRecord(name, 1, Layout.TEXT, null, name + ":" + lineOf + ": not valid UTF-8 (byte offset "
                    + d.errorOffset + ")");
        }
        return new RawRecord(name, 1, Layout.TEXT, d.text, null);
    }

    // --- lines ---------------------------------------------------------------------------------------------------

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buf);
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    /** The next line's bytes into {@code line} (at most the cap, or the id prefix once over it); false at the end. */
    private boolean readLine() throws IOException {
        lineLength = 0;
        lineBytes = 0;
        boolean any = false;
        while (true) {
            if (pos == lim && !fill()) {
                return any;
            }
            if (skipLf) {
                skipLf = false;
                if (buf[pos] == '\n') {
                    pos++;
                    bytesRead++;
                    continue;
                }
            }
            any = true;
            int start = pos;
            while (pos < lim && buf[pos] != '\n' && buf[pos] != '\r') {
                pos++;
            }
            append(start, pos);
            if (pos < lim) {
                skipLf = buf[pos] == '\r';
                pos++;
                bytesRead++;
                return true;
            }
        }
    }

    private void append(int from, int to) {
        int n = to - from;
        bytesRead += n;
        lineBytes += n;
        int keep = lineBytes > limits.maxRecordBytes() ? Math.min(ID_PREFIX_BYTES, limits.maxRecordBytes()) : Integer.MAX_VALUE;
        int room = (int) Math.min((long) n, Math.max(0L, (long) keep - lineLength));
        if (lineBytes > limits.maxRecordBytes() && lineLength > keep) {
            lineLength = keep; // over the cap: keep only the prefix that may hold the id
            room = 0;
        }
        if (room <= 0) {
            return;
        }
        if (lineLength + room > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(Math.max((long) line.length * 2, lineLength + room),
                    (long) limits.maxRecordBytes() + 1));
        }
        System.arraycopy(buf, from, line, lineLength, room);
        lineLength += room;
    }
}
