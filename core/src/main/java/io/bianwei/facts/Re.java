package io.bianwei.facts;

import com.google.re2j.Pattern;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Linear-time regular expressions for rule authors (RE2/J: no backtracking, so no catastrophic patterns). Use it
 * instead of DRL's {@code matches}, which is java.util.regex:
 * {@code Sentence(Re.find("加[vV微]\\d{5,}", text))}. Patterns are compiled once and cached; the build checks every
 * literal pattern passed to {@code Re.find} compiles.
 */
public final class Re {
    private static final int MAX_CACHED = 4096;
    private static final ConcurrentHashMap<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private Re() {
    }

    /** Whether {@code regex} matches anywhere in {@code text}. */
    public static boolean find(String regex, String text) {
        return text != null && compile(regex).matcher(text).find();
    }

    /** Whether {@code regex} matches the whole of {@code text}. */
    public static boolean matches(String regex, String text) {
        return text != null && compile(regex).matches(text);
    }

    /** Why {@code regex} is not a valid RE2 pattern, or null when it is (the build checks rule patterns with this). */
    public static String problem(String regex) {
        try {
            compile(regex);
            return null;
        } catch (com.google.re2j.PatternSyntaxException e) {
            return e.getMessage();
        }
    }

    /** Compiles (and caches) a pattern; throws {@code com.google.re2j.PatternSyntaxException} when invalid. */
    private static Pattern compile(String regex) {
        Pattern p = CACHE.get(regex);
        if (p == null) {
            p = Pattern.compile(regex);
            if (CACHE.size() < MAX_CACHED) {
                CACHE.putIfAbsent(regex, p);
            }
        }
        return p;
    }
}
