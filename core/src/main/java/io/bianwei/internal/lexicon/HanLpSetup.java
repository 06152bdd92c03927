package io.bianwei.internal.lexicon;

import com.hankcs.hanlp.HanLP;

/**
 * HanLP's global switches, set once before any HanLP class is used: its java.util.logging output goes off (the
 * library logs through SLF4J only) and terms carry their part of speech.
 */
public final class HanLpSetup {
    static {
        HanLP.Config.enableDebug(false);
        HanLP.Config.ShowTermNature = true;
    }

    private HanLpSetup() {
    }

    /** Runs the static setup (idempotent, cheap). */
    public static void ensure() {
        // the static initialiser did the work
    }
}
