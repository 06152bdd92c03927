package io.bianwei;

/** The small test pack under src/test/resources/testpack, built once per JVM. */
final class TestPacks {
    private static Screener screener;

    private TestPacks() {
    }

    static Screener.Builder builder() {
        return Screener.builder().withoutDefaultRules()
                .addClasspathRules(TestPacks.class.getClassLoader(), "testpack");
    }

    static synchronized Screener screener() {
        if (screener == null) {
            screener = builder().build();
        }
        return screener;
    }
}
