package io.bianwei.internal.lexicon;

import com.hankcs.hanlp.collection.trie.DoubleArrayTrie;
import com.hankcs.hanlp.corpus.tag.Nature;
import com.hankcs.hanlp.dictionary.CoreDictionary;
import com.hankcs.hanlp.dictionary.CustomDictionary;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What HanLP's bundled dictionaries know about words, as classes a term list can name:
 * <ul>
 *   <li>Tongyici Cilin (同义词词林, HanLP's {@code CoreSynonym.txt}): every word filed under a code prefix such as
 *       {@code Dl01} (diseases) or {@code Hg20A01} (treat), every sense of a word counted (HanLP's own
 *       {@code CoreSynonymDictionary.get} keeps only the last one, and misreads the file's first line);</li>
 *   <li>part-of-speech tags of HanLP's core and custom dictionaries, such as {@code nhd} (disease), {@code nf} (food),
 *       {@code nhm} (medicine), {@code gc} (chemistry).</li>
 * </ul>
 * Each source loads on first use (Cilin ~0.3 s, the dictionaries ~0.2 s, once per JVM) and is immutable afterwards.
 * The build writes the answers the default pack needs to {@link #CACHE} (keyed by HanLP's version and dictionary
 * configuration), so a process that loads only the default pack never loads either source for its term lists.
 */
public final class Lexicon {
    static {
        HanLpSetup.ensure();
    }

    private static final String CILIN = "data/dictionary/synonym/CoreSynonym.txt";

    private Lexicon() {
    }

    /** One line of Cilin: its 7-character code, its kind ({@code =} synonyms, {@code #} related, {@code @} alone). */
    private record Line(String code, char kind, List<String> words) {
    }

    private static final class CilinHolder {
        static final List<Line> LINES = loadCilin();
        static final Map<String, List<String>> CODES = codesByWord(LINES);
    }

    private static final class NatureHolder {
        static final Map<String, Set<String>> BY_NATURE = loadNatures();
    }

    /** Answers given so far, by {@code kind + "\t" + code}: what {@link #writeCache} writes. */
    private static final Map<String, Set<String>> ANSWERS = new java.util.concurrent.ConcurrentHashMap<>();
    /** Where the build puts the answers the default pack needs, so a process need not load the dictionaries. */
    public static final String CACHE = "bianwei/lexicon.cache";
    private static final String CACHE_MAGIC = "#bianwei-lexicon 1";

    private static final class CacheHolder {
        static final Map<String, Set<String>> CACHED = readCache();
    }

    private static Set<String> answer(String kind, String code, java.util.function.Function<String, Set<String>> f) {
        String key = kind + "\t" + code;
        Set<String> known = ANSWERS.get(key);
        if (known != null) {
            return known;
        }
        Set<String> cached = CacheHolder.CACHED.get(key);
        Set<String> out = cached != null ? cached : Collections.unmodifiableSet(f.apply(code));
        ANSWERS.putIfAbsent(key, out);
        return out;
    }

    /**
     * What the answers depend on besides the code asked: HanLP's version and the dictionaries it is configured to
     * read. A cache written under another key is ignored.
     */
    static String cacheKey() {
        String version = "?";
        try (InputStream in = com.hankcs.hanlp.HanLP.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/com.hankcs/hanlp/pom.properties")) {
            if (in != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                version = p.getProperty("version", "?");
            }
        } catch (IOException e) {
            version = "?";
        }
        return "hanlp " + version + " core " + com.hankcs.hanlp.HanLP.Config.CoreDictionaryPath + " custom "
                + String.join(";", com.hankcs.hanlp.HanLP.Config.CustomDictionaryPath) + " cilin " + CILIN;
    }

    private static Map<String, Set<String>> readCache() {
        InputStream in = Lexicon.class.getClassLoader().getResourceAsStream(CACHE);
        if (in == null) {
            return Map.of();
        }
        Map<String, Set<String>> out = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            if (!CACHE_MAGIC.equals(r.readLine()) || !("key\t" + cacheKey()).equals(r.readLine())) {
                return Map.of(); // made for another HanLP or another configuration: ask the dictionaries
            }
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split("\t", -1);
                if (f.length == 3) {
                    Set<String> words = new LinkedHashSet<>(f[2].isEmpty() ? List.of() : Arrays.asList(f[2].split(" ")));
                    out.put(f[0] + "\t" + f[1], Collections.unmodifiableSet(words));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    /**
     * The answer HanLP's dictionaries give now, never the cache: {@code kind} is {@code cilin}, {@code syn} or
     * {@code pos} (what a test compares the build's cache with).
     */
    public static Set<String> fromDictionaries(String kind, String code) {
        return switch (kind) {
            case "cilin" -> cilinNow(code);
            case "syn" -> synonymsNow(code);
            case "pos" -> NatureHolder.BY_NATURE.getOrDefault(code, Set.of());
            default -> throw new IllegalArgumentException("kind " + kind);
        };
    }

    /** The cache the build wrote, as {@code kind + "\t" + code} → words; empty when absent or made for another HanLP. */
    public static Map<String, Set<String>> cached() {
        return CacheHolder.CACHED;
    }

    /** Writes every answer given so far in this JVM as a cache file (see {@link #CACHE}); a build step. */
    public static void writeCache(java.nio.file.Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(CACHE_MAGIC);
        lines.add("key\t" + cacheKey());
        new TreeMap<>(ANSWERS).forEach((key, words) -> {
            if (words.stream().allMatch(w -> w.indexOf(' ') < 0 && w.indexOf('\t') < 0 && w.indexOf('\n') < 0)) {
                lines.add(key + "\t" + String.join(" ", words));
            }
        });
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Every word (distinct, in file order) whose Cilin code starts with {@code prefix}; empty when none. */
    public static Set<String> cilin(String prefix) {
        return answer("cilin", prefix, Lexicon::cilinNow);
    }

    private static Set<String> cilinNow(String prefix) {
        Set<String> out = new LinkedHashSet<>();
        for (Line l : CilinHolder.LINES) {
            if (l.code().startsWith(prefix)) {
                out.addAll(l.words());
            }
        }
        return out;
    }

    /**
     * The word's synonyms: every word on a Cilin synonym line ({@code =}) that holds it, for every sense; empty when
     * Cilin files the word under no synonym line.
     */
    public static Set<String> synonyms(String word) {
        return answer("syn", word, Lexicon::synonymsNow);
    }

    private static Set<String> synonymsNow(String word) {
        Set<String> out = new LinkedHashSet<>();
        for (Line l : CilinHolder.LINES) {
            if (l.kind() == '=' && l.words().contains(word)) {
                out.addAll(l.words());
            }
        }
        return out;
    }

    /** Every Cilin code of a word (all its senses), in file order; empty for a word Cilin does not know. */
    public static List<String> cilinCodes(String word) {
        return CilinHolder.CODES.getOrDefault(word, List.of());
    }

    /** Every word HanLP's core or custom dictionary tags with {@code nature} (e.g. {@code nhd}); empty when none. */
    public static Set<String> pos(String nature) {
        return answer("pos", nature, n -> NatureHolder.BY_NATURE.getOrDefault(n, Set.of()));
    }

    private static List<Line> loadCilin() {
        InputStream in = Lexicon.class.getClassLoader().getResourceAsStream(CILIN);
        if (in == null) {
            throw new IllegalStateException(CILIN + " is not on the classpath (is HanLP's portable jar there?)");
        }
        List<Line> out = new ArrayList<>(18_000);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                line = line.replace("\uFEFF", "").strip(); // the file starts with a BOM, and has CRLF ends
                if (line.length() < 9) {
                    continue;
                }
                String[] f = line.split("\\s+");
                if (f.length < 2 || f[0].length() != 8) {
                    continue;
                }
                List<String> words = new ArrayList<>(f.length - 1);
                for (int i = 1; i < f.length; i++) {
                    if (!words.contains(f[i])) {
                        words.add(f[i]);
                    }
                }
                out.add(new Line(f[0].substring(0, 7), f[0].charAt(7), List.copyOf(words)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CILIN, e);
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<String, List<String>> codesByWord(List<Line> lines) {
        Map<String, List<String>> out = new HashMap<>(100_000);
        for (Line l : lines) {
            for (String w : l.words()) {
                List<String> codes = out.computeIfAbsent(w, k -> new ArrayList<>(2));
                if (!codes.contains(l.code())) {
                    codes.add(l.code());
                }
            }
        }
        out.replaceAll((k, v) -> List.copyOf(v));
        return out;
    }

    private static Map<String, Set<String>> loadNatures() {
        Map<String, Set<String>> out = new TreeMap<>();
        collect(CoreDictionary.trie, out);
        collect(CustomDictionary.DEFAULT.dat, out);
        out.replaceAll((k, v) -> Collections.unmodifiableSet(v));
        return Collections.unmodifiableMap(out);
    }

    private static void collect(DoubleArrayTrie<CoreDictionary.Attribute> dat, Map<String, Set<String>> out) {
        DatKeys.forEach(dat, (word, attr) -> {
            if (attr != null && attr.nature != null) {
                for (Nature n : attr.nature) {
                    if (n != null) {
                        out.computeIfAbsent(n.toString(), k -> new java.util.TreeSet<>()).add(word);
                    }
                }
            }
        });
    }

    /**
     * The keys of a HanLP double-array trie loaded from its binary cache (which keeps no key list): child slot
     * {@code p} of node {@code q} satisfies {@code check[p] == base[q]} with char {@code p - base[q] - 1}; a key ends
     * at slot {@code p == base[q]} with {@code base[p] = -valueIndex - 1}.
     */
    static final class DatKeys {
        private DatKeys() {
        }

        static <V> void forEach(DoubleArrayTrie<V> dat, java.util.function.BiConsumer<String, V> consumer) {
            int[] base = dat.getBase();
            int[] check = dat.getCheck();
            int n = Math.min(dat.getSize(), Math.min(base.length, check.length));
            int[] nodeOfBase = new int[n + 65_540]; // base value → node (bases of inner nodes are unique)
            Arrays.fill(nodeOfBase, -1);
            for (int q = 0; q < n; q++) {
                int b = base[q];
                if (b > 0 && b < nodeOfBase.length && (q == 0 || check[q] > 0)) {
                    nodeOfBase[b] = q;
                }
            }
            StringBuilder sb = new StringBuilder();
            for (int p = 1; p < n; p++) {
                int b = check[p];
                if (b <= 0 || p != b || base[p] >= 0) {
                    continue; // not a key's end
                }
                int q = nodeOfBase[b];
                sb.setLength(0);
                while (q > 0) {
                    int pb = check[q];
                    sb.append((char) (q - pb - 1));
                    q = nodeOfBase[pb];
                }
                if (q == 0) {
                    consumer.accept(sb.reverse().toString(), dat.getValueAt(-base[p] - 1));
                }
            }
        }
    }
}
