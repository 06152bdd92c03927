package io.bianwei.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {
    @Test
    void theLineShowsPercentRateAndEta() {
        assertThat(Progress.render(50, 500, 1000, 2.0, 2))
                .isEqualTo("[############------------]  50% 50 docs  25.0 docs/s  ETA 0:02");
        assertThat(Progress.render(7, 0, -1, 1.0, -1)).isEqualTo("7 docs  7.0 docs/s");
    }

    /**
     * A 16 s run whose first 2 s (start-up: class loading, JIT, first rule sessions) get through 1 % of the input:
     * a rate since the start once made the first ETA 8:44. Now no ETA is shown in the first 3 s, and every ETA shown
     * is within a few seconds of the truth.
     */
    @Test
    void theEtaIgnoresTheSlowStartAndIsNeverWildlyOff() {
        long total = 1_000_000;
        double[] now = {0};
        StringWriter sink = new StringWriter();
        Progress p = new Progress(new PrintWriter(sink), true, () -> (long) (now[0] * 1e9));
        double end = 16.0;
        for (int i = 0; i <= 1600; i++) {
            now[0] = i / 100.0;
            double t = now[0];
            long bytes = t < 2 ? (long) (total * 0.005 * t) : (long) (total * (0.01 + 0.99 * (t - 2) / (end - 2)));
            p.update(i, Math.min(total, bytes), total);
        }
        List<double[]> etas = new ArrayList<>(); // [time shown, eta]
        Matcher m = Pattern.compile("([\\d,]+) docs .*?(?:ETA (\\d+):(\\d\\d))?\\s*(?=\r|$)").matcher(sink.toString());
        while (m.find()) {
            if (m.group(2) != null) {
                double shownAt = Long.parseLong(m.group(1).replace(",", "")) / 100.0;
                etas.add(new double[]{shownAt, Integer.parseInt(m.group(2)) * 60 + Integer.parseInt(m.group(3))});
            }
        }
        assertThat(etas).isNotEmpty();
        assertThat(etas.get(0)[0]).as("no ETA in the first 3 s").isGreaterThanOrEqualTo(Progress.ETA_AFTER_SECONDS);
        for (double[] e : etas) {
            assertThat(e[1]).as("ETA shown at %.1f s", e[0]).isBetween(end - e[0] - 4, end - e[0] + 4);
        }
        assertThat(sink.toString()).as("nothing drawn in the first half second").doesNotContain("\r0 docs");
    }
}
