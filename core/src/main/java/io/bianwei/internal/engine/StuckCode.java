package io.bianwei.internal.engine;

import java.util.Set;

/**
 * Reads the stack of a rule worker that did not stop when halted, and says whether a rule's OWN code holds it: the
 * proof a rule needs before it is taken out of the pack. The worker is in a rule's code when the first frame that is
 * not the JDK's (a {@code Thread.sleep}, a stream, a regex are the JDK's, called by someone) belongs to the pack's
 * generated code: a consequence (then the rule is the one firing), an {@code eval} or a function. When the first
 * such frame is the engine's own (Drools matching the text's facts), or ours, the text's content made the work and no
 * rule is at fault.
 */
final class StuckCode {
    private StuckCode() {
    }

    /**
     * What the stack shows.
     *
     * @param rule the rule whose own code holds the worker, or null when no rule provably does
     * @param part where: "consequence", "eval", "function", or a description of the engine frame
     */
    record Verdict(String rule, String part) {
    }

    /**
     * @param packages the packages the pack's DRL declares (its generated classes live under them)
     * @param rules    the pack's rule names (classic builds name a rule's eval and consequence classes after it)
     * @param firing   the rule whose consequence was running last (null: none yet)
     */
    static Verdict of(StackTraceElement[] stack, Set<String> packages, Set<String> rules, String firing) {
        int i = 0;
        while (i < stack.length && jdk(stack[i].getClassName())) {
            i++;
        }
        if (i == stack.length) {
            return new Verdict(null, "no rule code on the stack");
        }
        StackTraceElement top = stack[i];
        if (!inPack(top.getClassName(), packages)) {
            return new Verdict(null, "matching, in " + simple(top.getClassName()) + "." + top.getMethodName());
        }
        // rule code holds the worker: find which part of which rule, walking down through the pack's frames
        for (int k = i; k < stack.length; k++) {
            String c = stack[k].getClassName();
            String m = stack[k].getMethodName();
            if (!inPack(c, packages) && !jdk(c)) {
                break; // back in the engine: the caller of the rule code
            }
            String name = simple(c);
            if (name.contains("Consequence") || m.equals("defaultConsequence") || m.startsWith("consequence")) {
                String rule = named(name, rules);
                rule = rule != null ? rule : firing;
                return new Verdict(rule, "consequence");
            }
            if (name.contains("Eval") || m.startsWith("eval")) {
                String rule = named(name, rules);
                if (rule != null) {
                    return new Verdict(rule, "eval");
                }
            }
        }
        String rule = named(simple(top.getClassName()), rules);
        return rule != null ? new Verdict(rule, "condition code")
                : new Verdict(null, "pack code not attributable to one rule (" + simple(top.getClassName()) + ")");
    }

    private static boolean jdk(String c) {
        return c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || c.startsWith("com.sun.");
    }

    private static boolean inPack(String c, Set<String> packages) {
        for (String p : packages) {
            if (c.startsWith(p + ".")) {
                return true;
            }
        }
        return false;
    }

    private static String simple(String c) {
        return c.substring(c.lastIndexOf('.') + 1);
    }

    /** The rule a generated class is named after ({@code Rule_PS_LOOP_…}), the longest name that fits. */
    private static String named(String className, Set<String> rules) {
        String best = null;
        for (String r : rules) {
            String marker = "Rule_" + r.replaceAll("[^A-Za-z0-9_]", "_");
            if (className.startsWith(marker) && (best == null || r.length() > best.length())) {
                best = r;
            }
        }
        return best;
    }
}
