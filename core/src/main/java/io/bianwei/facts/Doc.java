package io.bianwei.facts;

import java.util.Map;

/** One fact per text: size and how often each term list was hit, for document-level rules. */
public final class Doc {
    private final String id;
    private final int length;
    private final int sentences;
    private final Map<String, Integer> listCounts;

    public Doc(String id, int length, int sentences, Map<String, Integer> listCounts) {
        this.id = id;
        this.length = length;
        this.sentences = sentences;
        this.listCounts = Map.copyOf(listCounts);
    }

    public String getId() {
        return id;
    }

    /** Length of the normalised text. */
    public int getLength() {
        return length;
    }

    public int getSentences() {
        return sentences;
    }

    /** Number of hits of a term list in the whole text. */
    public int count(String list) {
        return listCounts.getOrDefault(list, 0);
    }

    /** Number of distinct lists among {@code lists} that were hit at least once. */
    public int distinct(String... lists) {
        int n = 0;
        for (String l : lists) {
            if (listCounts.containsKey(l)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "Doc" + listCounts;
    }
}
