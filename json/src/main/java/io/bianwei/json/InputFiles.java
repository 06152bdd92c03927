package io.bianwei.json;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Which files are documents, shared by the CLI's folder walk and the Flink job's file enumeration: {@code *.jsonl}
 * (JSONL) and {@code *.txt} (one document per file), optionally compressed ({@code .gz}, {@code .deflate},
 * {@code .bz2}, {@code .xz}); names starting with {@code .} or {@code _} are hidden (in-progress files, markers such
 * as {@code _SUCCESS}) and skipped in folders, and so are folders with such names.
 */
public final class InputFiles {
    /** Compression suffixes, as Flink's file source recognises them. */
    public static final List<String> COMPRESSIONS = List.of("gz", "deflate", "bz2", "xz");

    private InputFiles() {
    }

    /**
     * What a document file holds.
     *
     * @param layout      JSONL or TEXT
     * @param compression {@code gz}, {@code deflate}, {@code bz2}, {@code xz}, or null for none
     */
    public record Kind(Layout layout, String compression) {
    }

    /** The kind of a file by its name (case-insensitive), or null when it is not a document file. */
    public static Kind kind(String fileName) {
        if (fileName == null) {
            return null;
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        String compression = null;
        for (String c : COMPRESSIONS) {
            if (lower.endsWith("." + c)) {
                compression = c;
                lower = lower.substring(0, lower.length() - c.length() - 1);
                break;
            }
        }
        if (lower.endsWith(".jsonl")) {
            return new Kind(Layout.JSONL, compression);
        }
        if (lower.endsWith(".txt")) {
            return new Kind(Layout.TEXT, compression);
        }
        return null;
    }

    /** A name a folder walk skips: starting with {@code .} or {@code _}. */
    public static boolean hidden(String name) {
        return name != null && !name.isEmpty() && (name.charAt(0) == '.' || name.charAt(0) == '_');
    }

    /**
     * The decompressed stream for the compressions plain Java reads ({@code gz}, {@code deflate}, none); throws an
     * {@link IOException} naming the tool to use for {@code bz2} and {@code xz} (which only the Flink job reads).
     */
    public static InputStream decompress(InputStream in, String compression) throws IOException {
        if (compression == null) {
            return in;
        }
        return switch (compression) {
            case "gz" -> new GZIPInputStream(in, 1 << 16);
            case "deflate" -> new InflaterInputStream(in);
            case "bz2" -> throw new IOException("bzip2-compressed: decompress it first (bzcat FILE | bianwei screen -)");
            case "xz" -> throw new IOException("xz-compressed: decompress it first (xzcat FILE | bianwei screen -)");
            default -> throw new IOException("unknown compression " + compression);
        };
    }
}
