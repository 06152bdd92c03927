package io.bianwei.quality;

import io.bianwei.RuleExample;
import io.bianwei.RuleInfo;
import io.bianwei.Screener;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Texts written to make screening expensive, from a pack's own vocabulary: what a hostile client would send to buy
 * more than its share of CPU. Each {@link Kind} attacks one way the work can grow faster than the text: repeated
 * claims in one endless sentence, every term list at once, one term a thousand times, thousands of tiny sentences,
 * claims packed into one clause, the biggest list in one sentence, noise between hits. The soak, the reliability
 * tests and the benchmarks use them; a seed makes every text reproducible.
 */
public final class Adversarial {
    /** One way of making a text expensive. */
    public enum Kind {
        /** A flagged rule example repeated, clauses joined with ，: one endless sentence of claims. */
        REPEATED_CLAIM_ONE_SENTENCE,
        /** The same, one claim per sentence: thousands of sentences that each fire rules. */
        REPEATED_CLAIM_SENTENCES,
        /** One term of every list, packed, repeated in clauses of one sentence. */
        EVERY_LIST,
        /** Random terms of random lists with random separators (none, ，, 。). */
        RANDOM_TERMS,
        /** One short, common term repeated without separators. */
        SAME_TERM,
        /** "X能治Y。" with random X and Y: many short sentences, each a claim. */
        MANY_SHORT_CLAIMS,
        /** Claims chained in one clause: "A能治B能治C…" */
        CHAINED_CLAIMS,
        /** Every term of the biggest lists, distinct, in one sentence. */
        BIG_LIST_FLOOD,
        /** Terms separated by invisible characters, full-width letters and emoji, as evasions write them. */
        NOISY_EVASIONS
    }

    /** One generated text. */
    public record Sample(Kind kind, String id, String text) {
    }

    private final List<String> examples;
    private final List<String> lists;
    private final Map<String, List<String>> terms;

    private Adversarial(List<String> examples, Map<String, List<String>> terms) {
        this.examples = List.copyOf(examples);
        this.terms = Map.copyOf(terms);
        this.lists = new ArrayList<>(new java.util.TreeSet<>(terms.keySet()));
        if (this.examples.isEmpty() || this.lists.isEmpty()) {
            throw new IllegalArgumentException("a pack with rule examples and term lists is needed");
        }
    }

    /** A generator over {@code screener}'s term lists and flagged rule examples. */
    public static Adversarial of(Screener screener) {
        List<String> hits = new ArrayList<>();
        for (RuleInfo r : screener.rules()) {
            for (RuleExample e : r.examples()) {
                if (e.kind() == RuleExample.Kind.HIT && !r.isContext()) {
                    hits.add(e.text());
                }
            }
        }
        Map<String, List<String>> terms = new java.util.HashMap<>();
        screener.pack().terms().forEach((list, t) -> {
            List<String> ok = t.stream().filter(s -> !s.isBlank()).toList();
            if (!ok.isEmpty()) {
                terms.put(list, ok);
            }
        });
        return new Adversarial(hits, terms);
    }

    /** One text of each kind, about {@code chars} long, reproducible from {@code seed}. */
    public List<Sample> all(int chars, long seed) {
        List<Sample> out = new ArrayList<>();
        for (Kind k : Kind.values()) {
            out.add(text(k, chars, seed));
        }
        return out;
    }

    /** A text of {@code kind}, about {@code chars} long (never shorter), reproducible from {@code seed}. */
    public Sample text(Kind kind, int chars, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed * 31 + kind.ordinal());
        StringBuilder sb = new StringBuilder(chars + 256);
        switch (kind) {
            case REPEATED_CLAIM_ONE_SENTENCE, REPEATED_CLAIM_SENTENCES -> {
                String claim = clause(examples.get(rnd.nextInt(examples.size())));
                String sep = kind == Kind.REPEATED_CLAIM_ONE_SENTENCE ? "，" : "。";
                while (sb.length() < chars) {
                    sb.append(claim).append(sep);
                }
            }
            case EVERY_LIST -> {
                while (sb.length() < chars) {
                    for (String l : lists) {
                        sb.append(pick(rnd, l));
                        if (sb.length() >= chars) {
                            break;
                        }
                    }
                    sb.append('，');
                }
            }
            case RANDOM_TERMS -> {
                String[] seps = {"", "", "", "，", "。", " "};
                while (sb.length() < chars) {
                    sb.append(pick(rnd, lists.get(rnd.nextInt(lists.size())))).append(seps[rnd.nextInt(seps.length)]);
                }
            }
            case SAME_TERM -> {
                String t = shortest(rnd);
                while (sb.length() < chars) {
                    sb.append(t);
                }
            }
            case MANY_SHORT_CLAIMS, CHAINED_CLAIMS -> {
                String[] verbs = {"能治", "可以根治", "治愈", "预防", "能降", "包治"};
                String end = kind == Kind.MANY_SHORT_CLAIMS ? "。" : "";
                while (sb.length() < chars) {
                    sb.append(pick(rnd, lists.get(rnd.nextInt(lists.size()))))
                            .append(verbs[rnd.nextInt(verbs.length)])
                            .append(pick(rnd, lists.get(rnd.nextInt(lists.size())))).append(end);
                }
            }
            case BIG_LIST_FLOOD -> {
                List<String> big = new ArrayList<>(lists);
                big.sort((a, b) -> Integer.compare(terms.get(b).size(), terms.get(a).size()));
                outer:
                for (String l : big) {
                    for (String t : terms.get(l)) {
                        sb.append(t).append('、');
                        if (sb.length() >= chars) {
                            break outer;
                        }
                    }
                }
                while (sb.length() < chars) {
                    sb.append(pick(rnd, big.get(0))).append('、');
                }
            }
            case NOISY_EVASIONS -> {
                String[] noise = {"\u200b", "*", " ", "🔥", "·", "\u00ad", "Ａ"};
                while (sb.length() < chars) {
                    String t = pick(rnd, lists.get(rnd.nextInt(lists.size())));
                    for (int i = 0; i < t.length(); i++) {
                        sb.append(t.charAt(i));
                        if (rnd.nextInt(3) == 0) {
                            sb.append(noise[rnd.nextInt(noise.length)]);
                        }
                    }
                    if (rnd.nextInt(8) == 0) {
                        sb.append('，');
                    }
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        return new Sample(kind, kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + chars + "-" + seed,
                sb.toString());
    }

    /** The example as one clause: sentence ends become commas, so repeats stay in one sentence. */
    private static String clause(String example) {
        return example.replaceAll("[。！？!?；;\\n\\r]+", "，").replaceAll("，+$", "");
    }

    private String pick(SplittableRandom rnd, String list) {
        List<String> t = terms.get(list);
        return t.get(rnd.nextInt(t.size()));
    }

    /** A one- or two-character term of some list (the commonest kind of hit), or the shortest there is. */
    private String shortest(SplittableRandom rnd) {
        List<String> shorts = new ArrayList<>();
        String best = null;
        for (String l : lists) {
            for (String t : terms.get(l)) {
                if (t.length() <= 2) {
                    shorts.add(t);
                }
                if (best == null || t.length() < best.length()) {
                    best = t;
                }
            }
        }
        return shorts.isEmpty() ? best : shorts.get(rnd.nextInt(shorts.size()));
    }
}
