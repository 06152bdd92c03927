package io.bianwei.cli;

import io.bianwei.PackWarning;
import io.bianwei.RulePackException;
import io.bianwei.Screener;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code rules check} says about a pack, and {@code rules test} says first: the build's errors, or the lint
 * warnings of the given DIRs' rules, the default rules they replace, and given folders that hold nothing.
 */
final class PackReport {
    /** The screener, or null when the pack did not build (its problems are then printed). */
    final Screener screener;
    final List<String> warnings = new ArrayList<>();
    final int overrides;
    final int errors;
    final boolean empty;

    private PackReport(Screener screener, int overrides, int errors, boolean empty) {
        this.screener = screener;
        this.overrides = overrides;
        this.errors = errors;
        this.empty = empty;
    }

    /** Builds the pack and prints what is wrong with it. */
    static PackReport of(Main main, PackArgs pack, PrintWriter out) {
        Screener screener;
        try {
            screener = main.env.screeners().apply(pack.settings());
        } catch (RulePackException e) {
            e.problems().forEach(p -> out.println(p + ""));
            return new PackReport(null, 0, e.problems().size(), false);
        }
        List<String> lines = new ArrayList<>();
        for (PackWarning w : screener.pack().warnings()) {
            if (w.kind() == PackWarning.Kind.CLAIMS) {
                continue; // the knowledge base's warnings are claims check's to show
            }
            if (pack.dirs.isEmpty() || pack.fromDirs(w.file() + ":" + w.line())) {
                lines.add(w.toString());
            }
        }
        int errors = 0;
        Map<String, String> overrides = screener.pack().overrides();
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            String at = screener.rules().stream().filter(r -> r.id().equals(o.getKey())).map(r -> r.source())
                    .findFirst().orElse("?");
            if (pack.strictIds) {
                out.println(at + ": " + o.getKey() + " reuses the id of the default pack's rule at " + o.getValue()
                        + "; --strict-ids refuses overrides: give the rule an id of its own");
                errors++;
            } else {
                out.println(at + ": note: " + o.getKey() + " replaces the default pack's rule of that id ("
                        + o.getValue() + ")");
            }
        }
        boolean empty = false;
        for (Path d : pack.emptyDirs()) {
            lines.add(d + ": warning: holds no rule files (.drl), term lists or weights: nothing of it was loaded");
            empty = true;
        }
        lines.forEach(out::println);
        PackReport r = new PackReport(screener, overrides.size(), errors, empty);
        r.warnings.addAll(lines);
        return r;
    }

    /** Whether the pack fails the check: errors, or (with {@code --strict}) warnings. */
    boolean failed(PackArgs pack) {
        return screener == null || errors > 0 || (pack.strict && !warnings.isEmpty());
    }

    /** {@code ; 1 override(s)} when there are any. */
    String overridesNote() {
        return overrides == 0 ? "" : "; " + overrides + " override(s) of default rules";
    }
}
