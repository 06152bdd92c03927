package io.bianwei.cli;

import java.io.BufferedWriter;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * stdout for the commands: a {@link PrintWriter} (UTF-8, buffered) that remembers why writing failed, since
 * {@code PrintWriter} itself only says that it did. A reader that went away ({@code | head}: a broken pipe) ends a
 * run quietly; any other failure (a full disk) is exit 4 with a message.
 */
final class Output extends PrintWriter {
    private final Tracking tracking;

    private Output(Tracking tracking) {
        super(tracking, false);
        this.tracking = tracking;
    }

    static Output of(OutputStream out) {
        return new Output(new Tracking(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)));
    }

    /** The first write failure, or null. */
    IOException failure() {
        return tracking.failure;
    }

    /**
     * Why writing to {@code out} failed, for a message, or null when it did not fail or the reader merely went away
     * (or the writer cannot say: then it is taken for a reader that went away, as before).
     */
    static String problem(PrintWriter out) {
        if (!out.checkError() || !(out instanceof Output o) || o.failure() == null || brokenPipe(o.failure())) {
            return null;
        }
        IOException e = o.failure();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** True when writing to {@code out} failed because the reader went away (a broken pipe). */
    static boolean closed(PrintWriter out) {
        return out.checkError() && out instanceof Output o && o.failure() != null && brokenPipe(o.failure());
    }

    private static boolean brokenPipe(IOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("broken pipe") || m.contains("pipe is being closed") || m.contains("pipe has been ended")
                || m.contains("stream closed");
    }

    private static final class Tracking extends FilterWriter {
        private IOException failure;

        Tracking(Writer out) {
            super(out);
        }

        private IOException record(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }

        @Override
        public void write(int c) throws IOException {
            try {
                super.write(c);
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            try {
                super.write(cbuf, off, len);
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            try {
                super.write(str, off, len);
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                super.flush();
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } catch (IOException e) {
                throw record(e);
            }
        }
    }
}
