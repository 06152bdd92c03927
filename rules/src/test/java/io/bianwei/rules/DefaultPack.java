package io.bianwei.rules;

import io.bianwei.Screener;

/** The default pack, built once per test JVM. */
final class DefaultPack {
    private static Screener screener;

    private DefaultPack() {
    }

    static synchronized Screener screener() {
        if (screener == null) {
            screener = Screener.builder().build();
        }
        return screener;
    }
}
