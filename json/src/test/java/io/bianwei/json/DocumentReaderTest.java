package io.bianwei.json;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentReaderTest {
    private static final DocumentReader.Limits LIMITS = DocumentReader.Limits.defaults();

    private static List<RawRecord> read(byte[] bytes, Layout layout, DocumentReader.Limits limits) throws IOException {
        return read(new ByteArrayInputStream(bytes), layout, limits);
    }

    private static List<RawRecord> read(InputStream in, Layout layout, DocumentReader.Limits limits) throws IOException {
        List<RawRecord> out = new ArrayList<>();
        try (DocumentReader r = new DocumentReader(in, "f", layout, limits)) {
            for (RawRecord x; (x = r.next()) != null; ) {
                out.add(x);
            }
        }
        return out;
    }

    private static List<RawRecord> read(String s, Layout layout) throws IOException {
        return read(s.getBytes(StandardCharsets.UTF_8), layout, LIMITS);
    }

    private static List<InputRecord> records(List<RawRecord> raw) {
        return raw.stream().map(r -> r.toRecord("id", "text")).toList();
    }

    @Test
    void lfCrlfAndALoneCrEachEndALineAndBlankLinesAreSkipped() throws IOException {
        List<RawRecord> r = read("a\nb\r\nc\rd\r\r\n  \ne", Layout.LINES);
        assertThat(r).extracting(RawRecord::content).containsExactly("a", "b", "c", "d", "e");
        assertThat(r).extracting(RawRecord::where).containsExactly("f:1", "f:2", "f:3", "f:4", "f:7");
    }

    @Test
    void crOnlyJsonlKeepsEveryRecord() throws IOException {
        List<InputRecord> r = records(read("{\"id\":\"1\",\"text\":\"a\"}\r{\"id\":\"2\",\"text\":\"b\"}\r",
                Layout.JSONL));
        assertThat(r).extracting(InputRecord::id).containsExactly("1", "2");
        assertThat(r).noneMatch(InputRecord::isError);
    }

    @Test
    void twoObjectsOnOneLineAreAnErrorThatKeepsTheFirstId() throws IOException {
        List<InputRecord> r = records(read("{\"id\":\"1\",\"text\":\"a\",\"src\":\"w\"} {\"id\":\"2\",\"text\":\"b\"}\n"
                + "{\"id\":\"3\",\"text\":\"c\"} trailing\n{\"id\":\"4\",\"text\":\"d\"}   \n", Layout.JSONL));
        assertThat(r).extracting(InputRecord::id).containsExactly("1", "3", "4");
        assertThat(r.get(0).error()).isEqualTo("f:1: trailing content after the JSON object at column 33 (one object per line)");
        assertThat(r.get(0).extra()).containsKey("src");
        assertThat(r.get(1).error()).startsWith("f:2: trailing content after the JSON object");
        assertThat(r.get(2).isError()).as("trailing blanks are fine").isFalse();
    }

    @Test
    void aUtf8ByteOrderMarkIsDroppedAndBadBytesNameTheLine() throws IOException {
        byte[] bytes = concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "{\"id\":\"1\",\"text\":\"好\"}\n{\"text\":\"".getBytes(StandardCharsets.UTF_8), new byte[]{(byte) 0xE5,
                        (byte) 0x81}, "\"}\n".getBytes(StandardCharsets.UTF_8));
        List<InputRecord> r = records(read(bytes, Layout.JSONL, LIMITS));
        assertThat(r.get(0).id()).isEqualTo("1");
        assertThat(r.get(1).error()).isEqualTo("f:2: not valid UTF-8 (byte 10 of the line)");
    }

    @Test
    void utf16AndUtf32InputIsOneErrorSayingSo() throws IOException {
        String jsonl = "{\"id\":\"1\",\"text\":\"偏方\"}\n{\"id\":\"2\",\"text\":\"好\"}\n";
        for (String cs : List.of("UTF-16", "UTF-16LE", "UTF-16BE")) {
            byte[] bytes = jsonl.getBytes(java.nio.charset.Charset.forName(cs));
            if (cs.equals("UTF-16LE")) {
                bytes = concat(new byte[]{(byte) 0xFF, (byte) 0xFE}, bytes);
            }
            List<RawRecord> r = read(bytes, Layout.JSONL, LIMITS);
            assertThat(r).as(cs).hasSize(1);
            assertThat(r.get(0).problem()).as(cs).startsWith("f: the input is UTF-16 (")
                    .endsWith("not UTF-8; convert it first, e.g. iconv -f UTF-16 -t UTF-8");
            assertThat(r.get(0).toRecord("id", "text").id()).isEqualTo("f");
        }
        // no byte-order mark: ASCII interleaved with NULs
        List<RawRecord> noBom = read(jsonl.getBytes(StandardCharsets.UTF_16LE), Layout.JSONL, LIMITS);
        assertThat(noBom).hasSize(1);
        assertThat(noBom.get(0).problem()).contains("UTF-16 (little-endian, no byte-order mark");
        assertThat(read(jsonl.getBytes(java.nio.charset.Charset.forName("UTF-32LE")), Layout.TEXT, LIMITS))
                .hasSize(1);
        assertThat(read(concat(new byte[]{(byte) 0xFF, (byte) 0xFE, 0, 0}, "a".getBytes(java.nio.charset.Charset
                .forName("UTF-32LE"))), Layout.TEXT, LIMITS).get(0).problem()).contains("UTF-32");
    }

    @Test
    void anOverLongLineIsAnErrorWithItsIdAndIsNotKeptInMemory() throws IOException {
        DocumentReader.Limits small = LIMITS.withMaxRecordBytes(1000);
        // 20 MB of text after the id: read as a stream, never held
        InputStream in = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                new ByteArrayInputStream("{\"id\":\"1\",\"text\":\"ok\"}\n{\"id\":\"big\",\"text\":\"".getBytes(
                        StandardCharsets.UTF_8)),
                repeat((byte) 'a', 20_000_000),
                new ByteArrayInputStream("\"}\n{\"text\":\"".getBytes(StandardCharsets.UTF_8)),
                repeat((byte) 'b', 2000),
                new ByteArrayInputStream("\",\"id\":\"late\"}\n{\"id\":\"4\",\"text\":\"after\"}\n".getBytes(
                        StandardCharsets.UTF_8)))));
        List<InputRecord> r = records(read(in, Layout.JSONL, small));
        assertThat(r).extracting(InputRecord::id).containsExactly("1", "big", "f:3", "4");
        assertThat(r.get(1).error()).isEqualTo("f:2: record of 20000022 bytes is over the limit of 1000 bytes per record");
        assertThat(r.get(2).error()).as("the id comes after the text: the line's place names it")
                .startsWith("f:3: record of ");
        assertThat(r.get(3).text()).isEqualTo("after");
    }

    @Test
    void aLineAtTheLimitIsKept() throws IOException {
        String line = "{\"id\":\"x\",\"text\":\"" + "a".repeat(80) + "\"}";
        List<RawRecord> r = read(line.getBytes(StandardCharsets.UTF_8), Layout.JSONL,
                LIMITS.withMaxRecordBytes(line.length()));
        assertThat(r.get(0).problem()).isNull();
        assertThat(read(line.getBytes(StandardCharsets.UTF_8), Layout.JSONL,
                LIMITS.withMaxRecordBytes(line.length() - 1)).get(0).problem()).contains("over the limit");
    }

    @Test
    void aTextInputIsOneDocumentReadOnlyAsFarAsTheScreenerLooks() throws IOException {
        assertThat(read("第一段。\r\n\r\n第二段。", Layout.TEXT)).extracting(RawRecord::content)
                .containsExactly("第一段。\r\n\r\n第二段。");
        // 3 bytes per char: the reader stops after 3 × 10 + 4 bytes, at a character boundary
        DocumentReader.Limits tiny = LIMITS.withMaxTextChars(10);
        RawRecord r = read("汉".repeat(1000), Layout.TEXT).get(0);
        assertThat(r.content()).hasSize(1000);
        RawRecord cut = read("汉".repeat(1000).getBytes(StandardCharsets.UTF_8), Layout.TEXT, tiny).get(0);
        assertThat(cut.problem()).isNull();
        assertThat(cut.content()).isEqualTo("汉".repeat(11)).hasSizeGreaterThanOrEqualTo(10);
        RawRecord emoji = read("😀".repeat(100).getBytes(StandardCharsets.UTF_8), Layout.TEXT, tiny).get(0);
        assertThat(emoji.content()).isEqualTo("😀".repeat(8));
        byte[] bad = concat("一\n二\n".getBytes(StandardCharsets.UTF_8), new byte[]{(byte) 0xFF});
        assertThat(read(bad, Layout.TEXT, LIMITS).get(0).toRecord("id", "text").error())
                .isEqualTo("f:3: not valid UTF-8 (byte offset 8)");
        assertThat(read("", Layout.TEXT)).extracting(RawRecord::content).containsExactly("");
    }

    @Test
    void aKafkaMessageIsOneRecordWithTheSameChecks() {
        RawRecord ok = DocumentReader.message("{\"id\":\"m\",\n\"text\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                "posts-0", 7, LIMITS);
        assertThat(ok.toRecord("id", "text").id()).isEqualTo("m");
        RawRecord two = DocumentReader.message("{\"id\":\"m\",\"text\":\"x\"}{}".getBytes(StandardCharsets.UTF_8),
                "posts-0", 8, LIMITS);
        assertThat(two.toRecord("id", "text").error()).startsWith("posts-0:8: trailing content");
        RawRecord big = DocumentReader.message(("{\"id\":\"b\",\"text\":\"" + "x".repeat(100) + "\"}")
                .getBytes(StandardCharsets.UTF_8), "posts-0", 9, LIMITS.withMaxRecordBytes(50));
        assertThat(big.toRecord("id", "text").id()).isEqualTo("b");
        assertThat(DocumentReader.message(new byte[]{'{', (byte) 0xC3}, "posts-0", 10, LIMITS).problem())
                .isEqualTo("posts-0:10: not valid UTF-8 (byte 2)");
    }

    @Test
    void fileKindsAndHiddenNames() {
        assertThat(InputFiles.kind("a.jsonl")).isEqualTo(new InputFiles.Kind(Layout.JSONL, null));
        assertThat(InputFiles.kind("A.TXT")).isEqualTo(new InputFiles.Kind(Layout.TEXT, null));
        assertThat(InputFiles.kind("a.jsonl.gz")).isEqualTo(new InputFiles.Kind(Layout.JSONL, "gz"));
        assertThat(InputFiles.kind("a.json")).isNull();
        assertThat(InputFiles.kind("notes.md")).isNull();
        assertThat(InputFiles.hidden(".x.jsonl")).isTrue();
        assertThat(InputFiles.hidden("_SUCCESS")).isTrue();
        assertThat(InputFiles.hidden("x.jsonl")).isFalse();
    }

    private static InputStream repeat(byte b, int n) {
        byte[] chunk = new byte[1 << 16];
        Arrays.fill(chunk, b);
        return new InputStream() {
            int left = n;

            @Override
            public int read() {
                return left-- > 0 ? b : -1;
            }

            @Override
            public int read(byte[] out, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int k = Math.min(Math.min(len, left), chunk.length);
                System.arraycopy(chunk, 0, out, off, k);
                left -= k;
                return k;
            }
        };
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
