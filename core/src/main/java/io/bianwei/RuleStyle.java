package io.bianwei;

import java.util.ArrayList;
import java.util.List;

/**
 * The pack's style policy, in one place: what {@code rules check} warns about and what the default pack's tests
 * demand of every rule. The hard requirements (metadata present, at least one HIT and one OK example, valid markers)
 * are build errors; these are the recommendations on top.
 */
public final class RuleStyle {
    /** HIT and OK examples a rule should carry at least. */
    public static final int MIN_EXAMPLES = 2;

    private RuleStyle() {
    }

    /** The id prefix of a category's rules: {@code PS_}, {@code PA_}, {@code CTX_}. */
    public static String prefix(String category) {
        return switch (category) {
            case Category.PSEUDO_SCIENCE -> "PS_";
            case Category.PRIVACY_ABUSE -> "PA_";
            default -> "CTX_";
        };
    }

    /** What a rule lacks by the policy, as messages; empty when it conforms. */
    public static List<String> problems(RuleInfo r) {
        List<String> out = new ArrayList<>();
        if (!r.id().startsWith(prefix(r.category()))) {
            out.add("ids of " + r.category() + " rules start with " + prefix(r.category()));
        }
        if (r.descriptionEn() == null || r.descriptionEn().isBlank()) {
            out.add("@description_en (English description) is missing");
        }
        long hits = r.examples().stream().filter(e -> e.kind() == RuleExample.Kind.HIT).count();
        long oks = r.examples().stream().filter(e -> e.kind() == RuleExample.Kind.OK).count();
        if (hits < MIN_EXAMPLES) {
            out.add("has " + hits + " @hit example(s); give at least " + MIN_EXAMPLES);
        }
        if (oks < MIN_EXAMPLES) {
            out.add("has " + oks + " @ok example(s); give at least " + MIN_EXAMPLES + " near-misses");
        }
        r.examples().stream().filter(e -> e.kind() == RuleExample.Kind.HIT && e.marked().isEmpty())
                .forEach(e -> out.add("@hit example \"" + e.text().replaceAll("\\s+", " ")
                        + "\" does not mark its evidence with «…»"));
        return out;
    }
}
