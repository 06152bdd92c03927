package io.bianwei.internal.claims;

import io.bianwei.RulePackException.Problem;
import io.bianwei.internal.text.Source;
import io.bianwei.internal.text.Normalizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;

/**
 * Fingerprints of removed posts, as Rspamd keeps fuzzy hashes of known spam: a post a moderator took down comes back
 * with emoji, other punctuation and small edits, and should be recognised as the same post.
 *
 * <p>A fingerprint is a MinHash of the post: the text is normalised (the pack's folding: traditional → simplified,
 * full-width, case, filler separators), everything but letters and digits is dropped (emoji, punctuation, spaces),
 * and the set of its character {@value #SHINGLE}-grams is hashed by {@value #SLOTS} hash functions, keeping each
 * minimum's low 16 bits. The share of equal slots of two fingerprints estimates the Jaccard similarity of their
 * shingle sets (±0.06 at 0.6). Lookup is by LSH: {@value #BANDS} bands of {@value #ROWS} slots each are bucket keys, and
 * only fingerprints sharing a bucket with the text are compared; at the threshold
 * ({@value #THRESHOLD}, chosen on the table in {@code FingerprintsTest}: re-posts with emoji, punctuation and small
 * edits score 0.58 or more, different posts on the same topic 0.36 or less) a true near-duplicate shares a bucket with
 * probability above 0.999.
 *
 * <p>The store is a plain-text file, one fingerprint a line: {@code <signature hex> TAB <decision id> TAB <date>},
 * after a header line naming the format ({@value #HEADER}), so a change of parameters is a new format, never a silent
 * mismatch. Thread-safe: lookups run concurrently, {@link #add} and {@link #forget} exclusively.
 */
public final class Fingerprints {
    /** Characters per shingle. */
    public static final int SHINGLE = 3;
    /** MinHash slots per fingerprint. */
    public static final int SLOTS = 64;
    /** LSH: slots per band; {@code SLOTS / ROWS} bands. */
    public static final int ROWS = 2;
    public static final int BANDS = SLOTS / ROWS;
    /** Similarity (share of equal slots) from which a text is the same post as a fingerprint. */
    public static final double THRESHOLD = 0.5;
    /** Texts with fewer letters and digits than this are not fingerprinted (too short to tell apart). */
    public static final int MIN_CHARS = 8;
    public static final String HEADER = "# bianwei-fingerprints v1 minhash slots=64 bits=16 shingle=3";
    private static final Pattern ID = Pattern.compile("[^\\t\\r\\n]+");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final long[] SEEDS = new long[SLOTS];

    static {
        long z = 0x2545F4914F6CDD1DL;
        for (int i = 0; i < SLOTS; i++) {
            z += 0x9E3779B97F4A7C15L;
            SEEDS[i] = mix(z);
        }
    }

    /** A stored fingerprint: the post's signature and the moderation decision it came from. */
    public record Entry(short[] signature, String id, String date) {
        /** The signature as the store writes it (4 hex digits a slot). */
        public String hex() {
            return Fingerprints.hex(signature);
        }
    }

    /** The closest stored post: its decision, and the share of equal slots (0–1). */
    public record Near(String id, String date, double similarity) {
    }

    private final Normalizer normalizer;
    private final List<Entry> entries = new ArrayList<>();
    private final List<Map<Integer, List<Integer>>> bands = new ArrayList<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /** An empty store. */
    public Fingerprints(Normalizer normalizer) {
        this.normalizer = normalizer;
        for (int b = 0; b < BANDS; b++) {
            bands.add(new HashMap<>());
        }
    }

    /** Reads stores ({@code fingerprints/*.txt} of a pack); bad lines go to {@code problems} with file:line. */
    public static Fingerprints load(Normalizer normalizer, List<Source> sources, List<Problem> problems) {
        Fingerprints f = new Fingerprints(normalizer);
        for (Source s : sources) {
            f.parse(s.name(), s.content(), problems);
        }
        return f;
    }

    /** Reads a store file; a missing file is an empty store. */
    public static Fingerprints read(Normalizer normalizer, Path file, List<Problem> problems) throws IOException {
        Fingerprints f = new Fingerprints(normalizer);
        if (Files.exists(file)) {
            f.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), problems);
        }
        return f;
    }

    private void parse(String file, String content, List<Problem> problems) {
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                if (line.startsWith("# bianwei-fingerprints") && !line.strip().equals(HEADER)) {
                    problems.add(new Problem(file, i + 1, "fingerprints of another format (" + line.strip()
                            + "); this version reads " + HEADER));
                    return;
                }
                continue;
            }
            String[] f = line.split("\t", -1);
            short[] sig = f.length == 3 ? parseHex(f[0]) : null;
            if (sig == null || !ID.matcher(f[1]).matches() || !DATE.matcher(f[2]).matches()) {
                problems.add(new Problem(file, i + 1, "expected '<" + SLOTS * 4
                        + " hex digits> TAB <decision id> TAB <YYYY-MM-DD>'"));
                continue;
            }
            insert(new Entry(sig, f[1], f[2]));
        }
    }

    /** Writes the store (to a temporary file first, then moved in place). */
    public void write(Path file) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        lock.readLock().lock();
        try {
            for (Entry e : entries) {
                if (e != null) {
                    sb.append(e.hex()).append('\t').append(e.id()).append('\t').append(e.date()).append('\n');
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".fingerprints", ".tmp");
        Files.writeString(tmp, sb, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Stores the fingerprint of a removed post; false when the text is too short to fingerprint
     * (fewer than {@value #MIN_CHARS} letters and digits).
     *
     * @throws IllegalArgumentException when the id holds a tab or line break, or the date is not YYYY-MM-DD
     */
    public boolean add(String text, String id, String date) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a decision id must be non-empty, without tabs or line breaks");
        }
        if (date == null || !DATE.matcher(date).matches()) {
            throw new IllegalArgumentException("date must be YYYY-MM-DD, got " + date);
        }
        short[] sig = signature(text);
        if (sig == null) {
            return false;
        }
        lock.writeLock().lock();
        try {
            insert(new Entry(sig, id, date));
        } finally {
            lock.writeLock().unlock();
        }
        return true;
    }

    private void insert(Entry e) {
        int at = entries.size();
        entries.add(e);
        for (int b = 0; b < BANDS; b++) {
            bands.get(b).computeIfAbsent(bandKey(e.signature(), b), k -> new ArrayList<>(1)).add(at);
        }
    }

    /** Removes every fingerprint of decision {@code id} (a decision reversed on appeal); how many were removed. */
    public int forget(String id) {
        lock.writeLock().lock();
        try {
            int n = 0;
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                if (e != null && e.id().equals(id)) {
                    for (int b = 0; b < BANDS; b++) {
                        int key = bandKey(e.signature(), b);
                        List<Integer> bucket = bands.get(b).get(key);
                        bucket.remove(Integer.valueOf(i));
                        if (bucket.isEmpty()) {
                            bands.get(b).remove(key);
                        }
                    }
                    entries.set(i, null);
                    n++;
                }
            }
            return n;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Stored fingerprints. */
    public int size() {
        lock.readLock().lock();
        try {
            return (int) entries.stream().filter(java.util.Objects::nonNull).count();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The stored post closest to {@code text} at or above {@link #THRESHOLD}, if any. */
    public Optional<Near> nearest(String text) {
        return nearest(text, THRESHOLD);
    }

    /** The stored post closest to {@code text} with a similarity of at least {@code threshold}, if any. */
    public Optional<Near> nearest(String text, double threshold) {
        short[] sig = signature(text);
        if (sig == null) {
            return Optional.empty();
        }
        lock.readLock().lock();
        try {
            Near best = null;
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int b = 0; b < BANDS; b++) {
                List<Integer> bucket = bands.get(b).get(bandKey(sig, b));
                if (bucket == null) {
                    continue;
                }
                for (int i : bucket) {
                    if (!seen.add(i)) {
                        continue;
                    }
                    Entry e = entries.get(i);
                    double s = similarity(sig, e.signature());
                    if (s >= threshold && (best == null || s > best.similarity())) {
                        best = new Near(e.id(), e.date(), s);
                    }
                }
            }
            return Optional.ofNullable(best);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The similarity of two texts' fingerprints (0 when either is too short to fingerprint). */
    public double similarity(String a, String b) {
        short[] x = signature(a);
        short[] y = signature(b);
        return x == null || y == null ? 0 : similarity(x, y);
    }

    /** Share of equal slots. */
    static double similarity(short[] a, short[] b) {
        int same = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return (double) same / SLOTS;
    }

    /** The fingerprint of a text, or null when it has fewer than {@link #MIN_CHARS} letters and digits. */
    public short[] signature(String text) {
        String t = normalizer.normalize(text).text();
        StringBuilder kept = new StringBuilder(t.length());
        t.codePoints().filter(Character::isLetterOrDigit).forEach(kept::appendCodePoint);
        String s = kept.toString();
        int n = s.codePointCount(0, s.length());
        if (n < MIN_CHARS) {
            return null;
        }
        int[] cps = s.codePoints().toArray();
        long[] min = new long[SLOTS];
        java.util.Arrays.fill(min, Long.MAX_VALUE);
        for (int i = 0; i + SHINGLE <= cps.length; i++) {
            long h = 0x84222325CBF29CE4L;
            for (int k = 0; k < SHINGLE; k++) {
                h = (h ^ cps[i + k]) * 0x100000001B3L;
            }
            for (int j = 0; j < SLOTS; j++) {
                long v = mix(h ^ SEEDS[j]);
                if (Long.compareUnsigned(v, min[j]) < 0) {
                    min[j] = v;
                }
            }
        }
        short[] sig = new short[SLOTS];
        for (int j = 0; j < SLOTS; j++) {
            sig[j] = (short) min[j];
        }
        return sig;
    }

    private static int bandKey(short[] sig, int band) {
        int key = 0;
        for (int r = 0; r < ROWS; r++) {
            key = (key << 16) | (sig[band * ROWS + r] & 0xFFFF);
        }
        return key;
    }

    static String hex(short[] sig) {
        StringBuilder sb = new StringBuilder(SLOTS * 4);
        for (short s : sig) {
            sb.append(HexFormat.of().toHexDigits(s));
        }
        return sb.toString();
    }

    private static short[] parseHex(String s) {
        if (s.length() != SLOTS * 4 || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return null;
        }
        short[] out = new short[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            out[i] = (short) Integer.parseInt(s.substring(i * 4, i * 4 + 4), 16);
        }
        return out;
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
