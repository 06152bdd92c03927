package io.bianwei.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hankcs.hanlp.dictionary.CoreSynonymDictionary;
import com.hankcs.hanlp.dictionary.common.CommonSynonymDictionary;
import com.hankcs.hanlp.tokenizer.StandardTokenizer;
import io.bianwei.RulePackException;
import io.bianwei.facts.Sentence;
import io.bianwei.internal.claims.ClaimBase;
import io.bianwei.internal.claims.ClaimMatcher;
import io.bianwei.internal.pack.RulePack;
import io.bianwei.internal.text.NormalizedText;
import io.bianwei.internal.text.Normalizer;
import io.bianwei.internal.text.Sentences;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Measures candidate retrieval for the known-claims matcher (issue 27): which claims a text might re-post, before the
 * key-role confirmation that every option shares. Options:
 * <ul>
 *   <li><b>ac</b>: one Aho-Corasick pass of the pack's term matcher over every key term (what {@code ClaimMatcher}
 *       does): a claim is a candidate when its thing and effect groups all occur;</li>
 *   <li><b>bm25-hanlp</b>: Lucene BM25 (in memory) over HanLP tokens of each claim (claim sentence + key terms); the
 *       query is each sentence window's HanLP tokens plus their Tongyici Cilin synonyms; top {@value #TOP_K};</li>
 *   <li><b>bm25-bigram</b>: the same over CJK bigrams (Lucene's CJKAnalyzer), no segmentation;</li>
 *   <li><b>minhash</b>: MinHash (64 hashes) of character bigrams, LSH with 32 bands of 2 rows, per sentence window.</li>
 * </ul>
 * For each: recall (example re-posts whose own claim is retrieved AND confirmed), false matches on the example debunks
 * (matches of any claim; context rules cancel these later) and on the families' ok texts (near-misses and ordinary
 * posts: matches of any claim), and microseconds per text of retrieval on all families texts (normalisation and
 * sentence split included, one thread; every option once per round, the fastest of 5 rounds after 3 warm-up rounds). The claims base's examples are the
 * development set of the keys; held-out figures are measured elsewhere, once.
 *
 * <p>{@code java -Dbianwei.root=. -cp bench/target/benchmarks.jar io.bianwei.bench.ClaimRetrieval}
 */
public final class ClaimRetrieval {
    static final int TOP_K = 5;
    private static final int HASHES = 64;
    private static final int ROWS = 2;

    private ClaimRetrieval() {
    }

    /** Which claims (indexes into the base) a text's windows retrieve. */
    interface Retriever {
        Set<Integer> retrieve(NormalizedText norm, List<Sentence> sentences);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("bianwei.root", "."));
        List<RulePackException.Problem> problems = new ArrayList<>();
        RulePack pack = RulePack.load(true, List.of(), List.of(), problems);
        if (pack == null) {
            throw new IllegalStateException(problems.toString());
        }
        ClaimMatcher matcher = pack.claimMatcher();
        Normalizer nz = pack.normalizer();
        List<ClaimBase.Entry> entries = pack.claims().entries();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            index.put(entries.get(i).id(), i);
        }
        List<String[]> reposts = new ArrayList<>();
        List<String[]> debunks = new ArrayList<>();
        for (ClaimBase.Entry e : entries) {
            e.reposts().forEach(t -> reposts.add(new String[]{e.id(), t}));
            e.debunks().forEach(t -> debunks.add(new String[]{e.id(), t}));
        }
        List<String> ok = new ArrayList<>();
        List<String> okAuthoring = new ArrayList<>();
        List<String> mix = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (var files = Files.list(root.resolve("rules/src/test/resources/families"))) {
            for (Path f : files.sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode n = json.readTree(line);
                    mix.add(n.get("text").asText());
                    if ("ok".equals(n.path("label").asText())) {
                        ok.add(n.get("text").asText());
                        if (f.getFileName().toString().contains("authoring")) {
                            okAuthoring.add(n.get("text").asText());
                        }
                    }
                }
            }
        }
        System.err.printf("%d claims, %d re-posts, %d debunks, %d ok texts, %d texts in the timing mix (%.0f chars avg)%n",
                entries.size(), reposts.size(), debunks.size(), ok.size(), mix.size(),
                mix.stream().mapToInt(String::length).average().orElse(0));

        Map<String, Retriever> options = new java.util.LinkedHashMap<>();
        options.put("ac", (norm, sentences) -> {
            Set<Integer> out = new HashSet<>();
            for (ClaimMatcher.Match m : matcher.match(norm, sentences)) {
                out.add(index.get(m.claim().id()));
            }
            return out;
        });
        for (boolean[] opt : new boolean[][]{{true, false}, {false, true}, {false, false}}) {
            ClaimMatcher m2 = new ClaimMatcher(pack.claims(), nz, io.bianwei.internal.match.VariantTables.EMPTY,
                    opt[0], opt[1]);
            options.put("ac" + (opt[0] ? "" : ", no variants") + (opt[1] ? "" : ", no pinyin"), (norm, sentences) -> {
                Set<Integer> out = new HashSet<>();
                for (ClaimMatcher.Match m : m2.match(norm, sentences)) {
                    out.add(index.get(m.claim().id()));
                }
                return out;
            });
        }
        options.put("bm25-hanlp", bm25(entries, ClaimRetrieval::hanlpTokens, true));
        Analyzer cjk = new CJKAnalyzer();
        options.put("bm25-bigram", bm25(entries, t -> analyze(cjk, t), false));
        options.put("minhash", minhash(entries, nz));

        // timing: every option once per round, 5 rounds after 3 of warm-up; the lowest round counts (load from other
        // processes only ever adds time)
        Map<String, Double> timings = new HashMap<>();
        for (int round = 0; round < 8; round++) {
            for (var o : options.entrySet()) {
                double us = time(mix, nz, o.getValue());
                if (round >= 3) {
                    timings.merge(o.getKey(), us, Math::min);
                }
            }
        }
        System.out.println("| retrieval | re-posts recalled | debunks matched | ok texts matched | µs/text (retrieval) |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (var o : options.entrySet()) {
            Retriever r = o.getValue();
            int recalled = 0;
            for (String[] x : reposts) {
                NormalizedText norm = nz.normalize(x[1]);
                List<Sentence> s = Sentences.split(norm);
                Set<Integer> got = r.retrieve(norm, s);
                if (got.contains(index.get(x[0])) && confirmed(matcher, norm, s, x[0])) {
                    recalled++;
                }
            }
            int debunkMatched = 0;
            for (String[] x : debunks) {
                NormalizedText norm = nz.normalize(x[1]);
                List<Sentence> s = Sentences.split(norm);
                if (confirmedAny(matcher, norm, s, r.retrieve(norm, s), entries)) {
                    debunkMatched++;
                }
            }
            int okMatched = 0;
            for (String t : ok) {
                NormalizedText norm = nz.normalize(t);
                List<Sentence> s = Sentences.split(norm);
                if (confirmedAny(matcher, norm, s, r.retrieve(norm, s), entries)) {
                    okMatched++;
                }
            }
            double us = timings.get(o.getKey());
            System.out.printf(Locale.ROOT, "| %s | %d/%d (%.1f %%) | %d/%d | %d/%d (%.1f %%) | %.1f |%n", o.getKey(),
                    recalled, reposts.size(), 100.0 * recalled / reposts.size(), debunkMatched, debunks.size(),
                    okMatched, ok.size(), 100.0 * okMatched / ok.size(), us);
        }
        screening(root, reposts, debunks);
        // the ok texts of the authoring sets the matcher confirms, for reading (check sets: figures only)
        for (String t : okAuthoring) {
            NormalizedText norm = nz.normalize(t);
            for (ClaimMatcher.Match m : matcher.match(norm, Sentences.split(norm))) {
                System.err.println("ok text matched " + m.claim().id() + " " + m.similarity() + " "
                        + m.terms().stream().map(x -> x.span().text()).toList() + ": " + m.sentenceSpan().text());
            }
        }
    }

    /**
     * What the known-claim rules change in screening: texts flagged (REVIEW or BLOCK) with the default pack and with
     * PS_KNOWN_CLAIM and PA_KNOWN_CLAIM disabled, for the base's examples and every families file.
     */
    private static void screening(Path root, List<String[]> reposts, List<String[]> debunks) throws IOException {
        io.bianwei.Screener with = io.bianwei.Screener.builder().build();
        io.bianwei.Screener without = io.bianwei.Screener.builder()
                .disableRules(io.bianwei.KnownClaims.RULES).build();
        System.out.println();
        System.out.println("| texts | flagged without known claims | flagged with | newly flagged |");
        System.out.println("|---|---:|---:|---:|");
        row("claims base: example re-posts", reposts.stream().map(x -> x[1]).toList(), with, without);
        row("claims base: example debunks", debunks.stream().map(x -> x[1]).toList(), with, without);
        ObjectMapper json = new ObjectMapper();
        try (var files = Files.list(root.resolve("rules/src/test/resources/families"))) {
            for (Path f : files.sorted().toList()) {
                List<String> flag = new ArrayList<>();
                List<String> ok = new ArrayList<>();
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        JsonNode n = json.readTree(line);
                        ("ok".equals(n.path("label").asText()) ? ok : flag).add(n.get("text").asText());
                    }
                }
                row(f.getFileName() + " flag", flag, with, without);
                row(f.getFileName() + " ok", ok, with, without);
            }
        }
    }

    private static void row(String name, List<String> texts, io.bianwei.Screener with, io.bianwei.Screener without) {
        int a = 0;
        int b = 0;
        int fresh = 0;
        for (String t : texts) {
            boolean fw = with.screen(t).verdict() != io.bianwei.Verdict.PASS;
            boolean fo = without.screen(t).verdict() != io.bianwei.Verdict.PASS;
            a += fo ? 1 : 0;
            b += fw ? 1 : 0;
            if (!fw && name.endsWith("re-posts")) {
                System.err.println("re-post not flagged: " + t);
            }
            if (fw && !fo) {
                fresh++;
                if (name.endsWith(" ok") && name.contains("authoring")) { // check sets: figures only, never texts
                    System.err.println("newly flagged ok text (" + name + "): " + t);
                }
            }
        }
        System.out.printf(Locale.ROOT, "| %s | %d/%d | %d/%d | %d |%n", name, a, texts.size(), b, texts.size(), fresh);
    }

    /** Whether the matcher confirms claim {@code id} in the text. */
    private static boolean confirmed(ClaimMatcher matcher, NormalizedText norm, List<Sentence> s, String id) {
        return matcher.match(norm, s).stream().anyMatch(m -> m.claim().id().equals(id));
    }

    private static boolean confirmedAny(ClaimMatcher matcher, NormalizedText norm, List<Sentence> s,
                                        Set<Integer> retrieved, List<ClaimBase.Entry> entries) {
        if (retrieved.isEmpty()) {
            return false;
        }
        Set<String> ids = new HashSet<>();
        retrieved.forEach(i -> ids.add(entries.get(i).id()));
        return matcher.match(norm, s).stream().anyMatch(m -> ids.contains(m.claim().id()));
    }

    private static double time(List<String> mix, Normalizer nz, Retriever r) {
        long sink = 0;
        long t0 = System.nanoTime();
        for (String t : mix) {
            NormalizedText norm = nz.normalize(t);
            sink += r.retrieve(norm, Sentences.split(norm)).size();
        }
        long t1 = System.nanoTime();
        if (sink == 42) {
            System.err.print("");
        }
        return (t1 - t0) / 1000.0 / mix.size();
    }

    /** Sentence windows: sentence i and i+1, as the confirmation reads them. */
    private static List<String> windows(NormalizedText norm, List<Sentence> sentences) {
        List<String> out = new ArrayList<>(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            int end = i + 1 < sentences.size() ? sentences.get(i + 1).getEnd() : sentences.get(i).getEnd();
            out.add(norm.text().substring(sentences.get(i).getStart(), end));
        }
        return out;
    }

    static List<String> hanlpTokens(String text) {
        List<String> out = new ArrayList<>();
        for (com.hankcs.hanlp.seg.common.Term t : StandardTokenizer.segment(text)) {
            String w = t.word.strip();
            if (!w.isEmpty() && w.codePoints().anyMatch(Character::isLetterOrDigit)) {
                out.add(w);
            }
        }
        return out;
    }

    static List<String> analyze(Analyzer a, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = a.tokenStream("f", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Cilin synonyms of a word (same code line, '=' type), for query expansion. */
    static Set<String> synonyms(String word) {
        Set<String> out = new LinkedHashSet<>();
        CommonSynonymDictionary.SynonymItem item = CoreSynonymDictionary.get(word);
        if (item != null && item.synonymList != null) {
            for (var s : item.synonymList) {
                if (s.type == com.hankcs.hanlp.corpus.synonym.Synonym.Type.EQUAL && out.size() < 8) {
                    out.add(s.realWord);
                }
            }
        }
        return out;
    }

    private static Retriever bm25(List<ClaimBase.Entry> entries, Function<String, List<String>> tokens,
                                  boolean expand) throws IOException {
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(new WhitespaceAnalyzer()))) {
            for (int i = 0; i < entries.size(); i++) {
                ClaimBase.Entry e = entries.get(i);
                StringBuilder sb = new StringBuilder(String.join(" ", tokens.apply(e.claim().toLowerCase(Locale.ROOT))));
                for (ClaimBase.KeyGroup g : e.keys()) {
                    for (String t : g.terms()) {
                        sb.append(' ').append(String.join(" ", tokens.apply(t.toLowerCase(Locale.ROOT))));
                    }
                }
                Document d = new Document();
                d.add(new TextField("f", sb.toString(), Field.Store.NO));
                d.add(new StoredField("i", i));
                w.addDocument(d);
            }
        }
        IndexSearcher searcher = new IndexSearcher(DirectoryReader.open(dir));
        return (norm, sentences) -> {
            Set<Integer> out = new HashSet<>();
            try {
                for (String window : windows(norm, sentences)) {
                    BooleanQuery.Builder q = new BooleanQuery.Builder();
                    Set<String> terms = new LinkedHashSet<>();
                    for (String t : tokens.apply(window)) {
                        terms.add(t);
                        if (expand) {
                            terms.addAll(synonyms(t));
                        }
                    }
                    int n = 0;
                    for (String t : terms) {
                        if (n++ >= 512) {
                            break;
                        }
                        q.add(new TermQuery(new Term("f", t)), BooleanClause.Occur.SHOULD);
                    }
                    for (ScoreDoc sd : searcher.search(q.build(), TOP_K).scoreDocs) {
                        out.add(searcher.storedFields().document(sd.doc).getField("i").numericValue().intValue());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        };
    }

    private static Retriever minhash(List<ClaimBase.Entry> entries, Normalizer nz) {
        int bands = HASHES / ROWS;
        List<Map<Long, List<Integer>>> buckets = new ArrayList<>();
        for (int b = 0; b < bands; b++) {
            buckets.add(new HashMap<>());
        }
        for (int i = 0; i < entries.size(); i++) {
            ClaimBase.Entry e = entries.get(i);
            StringBuilder sb = new StringBuilder(nz.normalizeTerm(e.claim()));
            for (ClaimBase.KeyGroup g : e.keys()) {
                sb.append('|').append(g.terms().get(0));
            }
            int[] sig = signature(sb.toString());
            for (int b = 0; b < bands; b++) {
                buckets.get(b).computeIfAbsent(band(sig, b), k -> new ArrayList<>()).add(i);
            }
        }
        return (norm, sentences) -> {
            Set<Integer> out = new HashSet<>();
            for (String window : windows(norm, sentences)) {
                int[] sig = signature(window);
                for (int b = 0; b < bands; b++) {
                    List<Integer> hit = buckets.get(b).get(band(sig, b));
                    if (hit != null) {
                        out.addAll(hit);
                    }
                }
            }
            return out;
        };
    }

    private static long band(int[] sig, int b) {
        long k = b;
        for (int r = 0; r < ROWS; r++) {
            k = k * 0x9E3779B97F4A7C15L + sig[b * ROWS + r];
        }
        return k;
    }

    /** MinHash of the character bigrams of letters and digits. */
    static int[] signature(String text) {
        int[] sig = new int[HASHES];
        java.util.Arrays.fill(sig, Integer.MAX_VALUE);
        char prev = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                continue;
            }
            if (prev != 0) {
                int shingle = (prev << 16) | c;
                for (int h = 0; h < HASHES; h++) {
                    int v = mix(shingle, h);
                    if (v < sig[h]) {
                        sig[h] = v;
                    }
                }
            }
            prev = c;
        }
        return sig;
    }

    private static int mix(int x, int seed) {
        long z = (x & 0xFFFFFFFFL) * 0x9E3779B97F4A7C15L + seed * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
        return (int) ((z ^ (z >>> 29)) >>> 1);
    }
}
