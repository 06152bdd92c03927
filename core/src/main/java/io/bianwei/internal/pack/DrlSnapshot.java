package io.bianwei.internal.pack;

import io.bianwei.internal.text.Source;
import io.bianwei.PackWarning;
import io.bianwei.internal.pack.DrlModel.FileModel;
import io.bianwei.internal.pack.DrlModel.Located;
import io.bianwei.internal.pack.DrlModel.Rule;
import io.bianwei.internal.pack.DrlModel.Shape;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@link DrlModel#parse} made of the default pack's rule files, written by the build beside the compiled rules
 * (see {@code Precompile}) so that a process loading exactly those files need not parse them again: Drools' DRL parser
 * was the largest part of a cold start left on the calling thread (~130 ms of ~700). Used only when its key matches:
 * the files' names and contents in order, and the bytes of {@link DrlModel}'s own classes and of the Drools parser's
 * class, so a changed file, a changed analysis or another Drools parses afresh. Anything unreadable is ignored the
 * same way. Only packs whose every file parsed cleanly are written.
 */
public final class DrlSnapshot {
    /** Where the build writes it, on the class path beside {@code bianwei/precompiled.properties}. */
    public static final String RESOURCE = "bianwei/drl-models.bin";
    private static final int MAGIC = 0x42574452; // "BWDR"
    private static final int FORMAT = 1;

    private DrlSnapshot() {
    }

    /** Writes the models of {@code sources}; false (nothing written) when some file did not parse cleanly. */
    public static boolean write(List<FileModel> models, OutputStream out) throws IOException {
        if (models.stream().anyMatch(m -> !m.errors().isEmpty())) {
            return false;
        }
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(MAGIC);
        d.writeInt(FORMAT);
        str(d, key(models.stream().map(FileModel::source).toList()));
        d.writeInt(models.size());
        for (FileModel m : models) {
            str(d, m.source().name());
            str(d, m.packageName());
            d.writeInt(m.rules().size());
            for (Rule r : m.rules()) {
                rule(d, r);
            }
            located(d, m.listReferences());
            located(d, m.rePatterns());
            d.writeInt(m.warnings().size());
            for (PackWarning w : m.warnings()) {
                str(d, w.file());
                d.writeInt(w.line());
                str(d, w.ruleId());
                str(d, w.kind().name());
                str(d, w.message());
            }
        }
        d.flush();
        return true;
    }

    /**
     * The models of {@code sources} as the build parsed them, from the class path; null when there is no snapshot,
     * it is of other files, another analysis or another parser, or it does not read.
     */
    public static List<FileModel> read(ClassLoader loader, List<Source> sources) {
        if (sources.isEmpty()) {
            return null;
        }
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return null;
            }
            return read(in.readAllBytes(), sources);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static List<FileModel> read(byte[] bytes, List<Source> sources) throws IOException {
        DataInputStream d = new DataInputStream(new ByteArrayInputStream(bytes));
        if (d.readInt() != MAGIC || d.readInt() != FORMAT || !key(sources).equals(str(d))) {
            return null;
        }
        int files = d.readInt();
        if (files != sources.size()) {
            return null;
        }
        List<FileModel> out = new ArrayList<>(files);
        for (Source s : sources) {
            if (!s.name().equals(str(d))) {
                return null;
            }
            String pkg = str(d);
            int n = d.readInt();
            List<Rule> rules = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                rules.add(rule(d));
            }
            List<Located> lists = located(d);
            List<Located> res = located(d);
            int w = d.readInt();
            List<PackWarning> warnings = new ArrayList<>(w);
            for (int i = 0; i < w; i++) {
                warnings.add(new PackWarning(str(d), d.readInt(), str(d), PackWarning.Kind.valueOf(str(d)), str(d)));
            }
            out.add(new FileModel(s, pkg, List.copyOf(rules), List.copyOf(lists), List.copyOf(res),
                    List.copyOf(warnings), List.of()));
        }
        return d.read() == -1 ? out : null;
    }

    /**
     * The files' names and contents in order, {@link DrlModel}'s classes (the analysis) and the Drools parser's class
     * (the parse).
     */
    static String key(List<Source> sources) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Source s : sources) {
                md.update(s.name().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(s.content().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            for (String c : new String[]{"DrlModel", "DrlModel$Walk", "ErrorMessages"}) {
                try (InputStream in = DrlModel.class.getResourceAsStream(c + ".class")) {
                    md.update(in == null ? new byte[0] : in.readAllBytes());
                }
            }
            // the parser's own class, not its jar's version: in a fat jar every package has the fat jar's manifest
            try (InputStream in = org.drools.drl.parser.DrlParser.class.getResourceAsStream("DrlParser.class")) {
                md.update(in == null ? new byte[0] : in.readAllBytes());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void rule(DataOutputStream d, Rule r) throws IOException {
        str(d, r.name());
        str(d, r.file());
        d.writeInt(r.line());
        d.writeInt(r.startChar());
        d.writeInt(r.endChar());
        if (r.requirements() == null) {
            d.writeInt(-1);
        } else {
            d.writeInt(r.requirements().size());
            for (Set<String> s : r.requirements()) {
                set(d, s);
            }
        }
        d.writeInt(r.metadata().size());
        for (Map.Entry<String, Object> e : r.metadata().entrySet()) {
            str(d, e.getKey());
            value(d, e.getValue());
        }
        d.writeBoolean(r.oneSentence());
        d.writeBoolean(r.distinctLists());
        d.writeInt(r.minCounts().size());
        for (Map.Entry<String, Integer> e : r.minCounts().entrySet()) {
            str(d, e.getKey());
            d.writeInt(e.getValue());
        }
        d.writeInt(r.patterns().size());
        for (Shape s : r.patterns()) {
            d.writeInt(s.index());
            str(d, s.binding());
            str(d, s.type());
            str(d, s.text());
            d.writeInt(s.line());
            set(d, s.lists());
            str(d, s.tiedTo());
            str(d, s.tie());
            d.writeBoolean(s.negated());
        }
    }

    private static Rule rule(DataInputStream d) throws IOException {
        String name = str(d);
        String file = str(d);
        int line = d.readInt();
        int start = d.readInt();
        int end = d.readInt();
        int nreq = d.readInt();
        List<Set<String>> req = null;
        if (nreq >= 0) {
            List<Set<String>> r = new ArrayList<>(nreq);
            for (int i = 0; i < nreq; i++) {
                r.add(set(d));
            }
            req = List.copyOf(r);
        }
        int nmeta = d.readInt();
        Map<String, Object> meta = new LinkedHashMap<>();
        for (int i = 0; i < nmeta; i++) {
            meta.put(str(d), value(d));
        }
        boolean oneSentence = d.readBoolean();
        boolean distinct = d.readBoolean();
        int ncounts = d.readInt();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < ncounts; i++) {
            counts.put(str(d), d.readInt());
        }
        int nshapes = d.readInt();
        List<Shape> shapes = new ArrayList<>(nshapes);
        for (int i = 0; i < nshapes; i++) {
            shapes.add(new Shape(d.readInt(), str(d), str(d), str(d), d.readInt(), set(d), str(d), str(d),
                    d.readBoolean()));
        }
        return new Rule(name, file, line, start, end, req, Collections.unmodifiableMap(meta), oneSentence, distinct,
                Map.copyOf(counts), List.copyOf(shapes));
    }

    private static void located(DataOutputStream d, List<Located> list) throws IOException {
        d.writeInt(list.size());
        for (Located l : list) {
            str(d, l.name());
            str(d, l.file());
            d.writeInt(l.line());
        }
    }

    private static List<Located> located(DataInputStream d) throws IOException {
        int n = d.readInt();
        List<Located> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Located(str(d), str(d), d.readInt()));
        }
        return out;
    }

    /** A set of names, null kept; read back sorted (the analysis' sets are sorted, or of one element). */
    private static void set(DataOutputStream d, Set<String> s) throws IOException {
        if (s == null) {
            d.writeInt(-1);
            return;
        }
        d.writeInt(s.size());
        for (String x : new TreeSet<>(s)) {
            str(d, x);
        }
    }

    private static Set<String> set(DataInputStream d) throws IOException {
        int n = d.readInt();
        if (n < 0) {
            return null;
        }
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            out.add(str(d));
        }
        return Collections.unmodifiableSet(out);
    }

    /** An annotation value: null, String, Integer, Long, Double or Boolean (what {@link DrlModel#metadata} makes). */
    private static void value(DataOutputStream d, Object v) throws IOException {
        if (v == null) {
            d.writeByte('n');
        } else if (v instanceof String s) {
            d.writeByte('s');
            str(d, s);
        } else if (v instanceof Integer i) {
            d.writeByte('i');
            d.writeInt(i);
        } else if (v instanceof Long l) {
            d.writeByte('l');
            d.writeLong(l);
        } else if (v instanceof Double x) {
            d.writeByte('d');
            d.writeDouble(x);
        } else if (v instanceof Boolean b) {
            d.writeByte('b');
            d.writeBoolean(b);
        } else {
            throw new IOException("cannot write an annotation value of " + v.getClass());
        }
    }

    private static Object value(DataInputStream d) throws IOException {
        int t = d.readByte();
        return switch (t) {
            case 'n' -> null;
            case 's' -> str(d);
            case 'i' -> d.readInt();
            case 'l' -> d.readLong();
            case 'd' -> d.readDouble();
            case 'b' -> d.readBoolean();
            default -> throw new IOException("unknown value type " + t);
        };
    }

    /** A string of any length (writeUTF stops at 64 KB), null kept. */
    private static void str(DataOutputStream d, String s) throws IOException {
        if (s == null) {
            d.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.writeInt(b.length);
        d.write(b);
    }

    private static String str(DataInputStream d) throws IOException {
        int n = d.readInt();
        if (n < 0) {
            return null;
        }
        if (n > d.available()) {
            throw new IOException("truncated");
        }
        byte[] b = new byte[n];
        d.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
