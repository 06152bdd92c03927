package io.bianwei.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Strict UTF-8: undecodable input is reported with its byte offset, never replaced or skipped. */
final class Utf8 {
    private Utf8() {
    }

    /** Decoded text (BOM removed), or the offset of the first undecodable byte. */
    record Decoded(String text, int errorOffset) {
        boolean ok() {
            return text != null;
        }
    }

    static Decoded decode(byte[] bytes, int length) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        CharBuffer out = CharBuffer.allocate(length + 1);
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            return new Decoded(null, in.position());
        }
        r = d.flush(out);
        if (r.isError()) {
            return new Decoded(null, in.position());
        }
        out.flip();
        String s = out.toString();
        return new Decoded(s.startsWith("\uFEFF") ? s.substring(1) : s, -1);
    }

    static Decoded decode(byte[] bytes) {
        return decode(bytes, bytes.length);
    }

    /** The 1-based line of byte {@code offset}. */
    static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Reads a stream line by line as raw bytes (split on LF, a trailing CR dropped), counting bytes read. */
    static final class Lines {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int lim;
        private boolean eof;
        private byte[] line = new byte[256];
        private int lineLength;
        private long bytesRead;

        Lines(InputStream in) {
            this.in = in;
        }

        /** Advances to the next line; false at the end of the stream. */
        boolean next() throws IOException {
            lineLength = 0;
            boolean any = false;
            while (true) {
                if (pos == lim) {
                    if (eof) {
                        break;
                    }
                    int n = in.read(buf);
                    if (n < 0) {
                        eof = true;
                        break;
                    }
                    pos = 0;
                    lim = n;
                }
                any = true;
                int start = pos;
                while (pos < lim && buf[pos] != '\n') {
                    pos++;
                }
                append(start, pos);
                if (pos < lim) {
                    pos++; // the LF
                    bytesRead++;
                    break;
                }
            }
            if (!any) {
                return false;
            }
            if (lineLength > 0 && line[lineLength - 1] == '\r') {
                lineLength--;
            }
            return true;
        }

        private void append(int from, int to) {
            int n = to - from;
            if (lineLength + n > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
            }
            System.arraycopy(buf, from, line, lineLength, n);
            lineLength += n;
            bytesRead += n;
        }

        byte[] bytes() {
            return line;
        }

        int length() {
            return lineLength;
        }

        long bytesRead() {
            return bytesRead;
        }
    }
}
