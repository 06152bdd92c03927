package io.bianwei.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test {
    private static List<String> lines(byte[] bytes) throws IOException {
        Utf8.Lines lines = new Utf8.Lines(new ByteArrayInputStream(bytes));
        List<String> out = new ArrayList<>();
        while (lines.next()) {
            out.add(new String(lines.bytes(), 0, lines.length(), StandardCharsets.UTF_8));
        }
        assertThat(lines.bytesRead()).isEqualTo(bytes.length);
        return out;
    }

    @Test
    void splitsOnLfDropsCrAndKeepsALastLineWithoutNewline() throws IOException {
        assertThat(lines("a\r\n\nb\nc".getBytes(StandardCharsets.UTF_8))).containsExactly("a", "", "b", "c");
        assertThat(lines("a\n".getBytes(StandardCharsets.UTF_8))).containsExactly("a");
        assertThat(lines(new byte[0])).isEmpty();
    }

    @Test
    void handlesLinesLongerThanTheBuffer() throws IOException {
        String longLine = "神".repeat(100_000);
        assertThat(lines((longLine + "\nx").getBytes(StandardCharsets.UTF_8))).containsExactly(longLine, "x");
    }

    @Test
    void strictDecodingReportsTheOffset() {
        byte[] ok = "\uFEFF好".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.decode(ok).text()).as("BOM dropped").isEqualTo("好");
        byte[] bad = {'a', '\n', 'b', (byte) 0xC3, 'c'};
        Utf8.Decoded d = Utf8.decode(bad);
        assertThat(d.ok()).isFalse();
        assertThat(d.errorOffset()).isEqualTo(3);
        assertThat(Utf8.lineOf(bad, 3)).isEqualTo(2);
        assertThat(Utf8.decode(new byte[]{(byte) 0xE5, (byte) 0x81}).ok()).as("truncated at the end").isFalse();
    }
}
