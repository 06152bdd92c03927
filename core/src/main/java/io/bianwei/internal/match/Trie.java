package io.bianwei.internal.match;

import com.hankcs.hanlp.collection.AhoCorasick.AhoCorasickDoubleArrayTrie;

import java.util.TreeMap;

/**
 * An Aho-Corasick automaton over a dictionary's keys (HanLP's double-array trie): reports every occurrence of every
 * key, overlapping ones included, in one pass. Immutable once built, thread-safe.
 *
 * @param <V> the value stored with each key
 */
public final class Trie<V> {
    private final AhoCorasickDoubleArrayTrie<V> trie;

    private Trie(AhoCorasickDoubleArrayTrie<V> trie) {
        this.trie = trie;
    }

    /** Builds the automaton over {@code dictionary}'s keys. */
    public static <V> Trie<V> of(TreeMap<String, V> dictionary) {
        if (dictionary.isEmpty()) {
            return new Trie<>(null);
        }
        AhoCorasickDoubleArrayTrie<V> t = new AhoCorasickDoubleArrayTrie<>();
        t.build(dictionary);
        return new Trie<>(t);
    }

    /** Whether the dictionary had no keys. */
    public boolean isEmpty() {
        return trie == null;
    }

    /** Reports {@code [begin,end)} and the key's value for every occurrence in {@code text}. */
    public void scan(String text, HitConsumer<V> consumer) {
        if (trie != null) {
            trie.parseText(text, consumer::hit);
        }
    }

    /** Receives one occurrence. */
    @FunctionalInterface
    public interface HitConsumer<V> {
        void hit(int begin, int end, V value);
    }
}
