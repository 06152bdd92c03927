package io.bianwei.bench;

import com.hankcs.hanlp.HanLP;

/**
 * The cold-start baseline: a JVM that loads HanLP and segments one sentence (what any HanLP-based screener must at
 * least pay). bench/run.sh times it as a whole process beside the CLI's first verdict, in the same run.
 */
public final class HanlpHello {
    private HanlpHello() {
    }

    public static void main(String[] args) {
        HanLP.Config.enableDebug(false);
        System.out.println(HanLP.segment(args.length > 0 ? args[0] : "祖传秘方三天根治糖尿病"));
    }
}
