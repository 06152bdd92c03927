package io.bianwei.internal.lexicon;

import com.hankcs.hanlp.HanLP;

/** Traditional → simplified Chinese with HanLP's dictionary (usually length-preserving; the normaliser checks). */
public final class Simplifier {
    static {
        HanLpSetup.ensure();
    }

    private Simplifier() {
    }

    public static String toSimplified(String text) {
        return HanLP.convertToSimplifiedChinese(text);
    }
}
