package io.bianwei.rules;

import io.bianwei.RulePackException;
import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import io.bianwei.internal.claims.ClaimBase;
import io.bianwei.internal.claims.ClaimMatcher;
import io.bianwei.internal.pack.RulePack;
import io.bianwei.internal.text.NormalizedText;
import io.bianwei.internal.text.Sentences;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default pack's knowledge base of debunked claims against its own examples: every example re-post must match
 * its own entry, and no example debunk may end up flagged by it (its known-claim finding, if any, must be cancelled by
 * context: the text scores the same with and without the known-claim rules).
 */
class KnownClaimsTest {
    static final List<String> RULES = io.bianwei.KnownClaims.RULES;
    static RulePack pack;
    static Screener without;

    @BeforeAll
    static void load() {
        List<RulePackException.Problem> problems = new ArrayList<>();
        pack = RulePack.load(true, List.of(), List.of(), problems);
        assertThat(problems).isEmpty();
        without = Screener.builder().disableRules(RULES).build();
    }

    static List<ClaimMatcher.Match> match(String text) {
        NormalizedText norm = pack.normalizer().normalize(text);
        return pack.claimMatcher().match(norm, Sentences.split(norm));
    }

    @Test
    void theBaseIsInThePack() {
        assertThat(pack.claims().size()).isGreaterThanOrEqualTo(300);
    }

    @Test
    void everyRepostMatchesItsOwnClaim() {
        List<String> missed = new ArrayList<>();
        int n = 0;
        for (ClaimBase.Entry e : pack.claims().entries()) {
            for (String r : e.reposts()) {
                n++;
                if (match(r).stream().noneMatch(m -> m.claim().id().equals(e.id()))) {
                    missed.add(e.where() + " " + e.id() + ": " + r);
                }
            }
        }
        System.out.println("[known claims] re-posts matching their own claim: " + (n - missed.size()) + "/" + n);
        assertThat(missed).isEmpty();
    }

    @Test
    void noDebunkIsFlaggedByItsClaim() {
        Screener with = DefaultPack.screener();
        List<String> flagged = new ArrayList<>();
        int n = 0;
        int matched = 0;
        for (ClaimBase.Entry e : pack.claims().entries()) {
            for (String d : e.debunks()) {
                n++;
                if (!match(d).isEmpty()) {
                    matched++;
                }
                ScreeningResult a = with.screen(d);
                ScreeningResult b = without.screen(d);
                if (a.score() > b.score()) {
                    flagged.add(e.where() + " " + e.id() + " " + a.score() + " vs " + b.score() + " " + a.findings()
                            + ": " + d);
                }
            }
        }
        System.out.println("[known claims] debunks: " + matched + "/" + n + " matched a claim, " + flagged.size()
                + " scored higher for it");
        assertThat(flagged).isEmpty();
    }
}
