package io.bianwei.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark corpora, deterministic:
 * <ul>
 *   <li>{@code mix}: every text of {@code ../shared/eval/real-dev.jsonl} (a realistic mix, mostly benign);</li>
 *   <li>{@code flagged}: only its texts labelled {@code flag} (suspicious traffic);</li>
 *   <li>{@code seed}: the seed document {@code seeds/000_ec6c90cbe1acbcf1.txt} (one long benign policy text);</li>
 *   <li>{@code long}: generated long texts of about 100 KB of UTF-8 each: seed paragraphs with suspicious sentences
 *       interleaved.</li>
 * </ul>
 * The eval file is not part of the repository: its path is the system property {@code bianwei.eval} (default
 * {@code ../shared/eval/real-dev.jsonl} relative to the repository root, which is found by walking up from the
 * working directory, or given as {@code bianwei.root}). When it is absent, {@code mix} and {@code flagged} fall back
 * to generated text and {@link Corpus#source()} says so (also printed to stderr).
 *
 * <p>{@code java -cp bench/target/benchmarks.jar io.bianwei.bench.Corpora} prints the corpora's sizes as JSON (the
 * report uses them to turn ops/s into docs/s and chars/s).
 */
public final class Corpora {
    public static final String SEED = "seeds/000_ec6c90cbe1acbcf1.txt";
    public static final String DEFAULT_EVAL = "../shared/eval/real-dev.jsonl";
    /** Target size of each generated long text, in bytes of UTF-8. */
    public static final int LONG_BYTES = 100 * 1024;
    public static final int LONG_DOCS = 4;

    /** Suspicious sentences written for the generated texts (not taken from the eval set). */
    static final String[] SUSPICIOUS = {
        "祖传秘方，三天根治糖尿病，无效全额退款，加微信详询。",
        "每天早上空腹喝一杯排毒茶，能彻底治愈高血压和高血脂。",
        "这款量子能量水激活细胞活力，包治百病，无任何副作用。",
        "孩子学了量子波动速读，一分钟就能看完一本书，名额有限。",
        "酸性体质是万病之源，多喝碱性水可以预防癌症。",
        "紧急扩散：吃了这种水果会致癌，请马上转发给身边的家人！",
        "打疫苗会导致自闭症，千万别让孩子打，医生不会告诉你。",
        "吃转基因食品会断子绝孙，美国人自己都不吃。",
        "大蒜水可以杀死新冠病毒，每天喝三杯就能预防。",
        "偏方：醋泡黑豆能根治糖尿病，三个疗程见效，100%有效。",
        "出售摄像头破解账号，酒店卧室实时观看，可回放。",
        "针孔摄像头伪装成充电器，超小不易察觉，支持远程查看。",
        "专业查开房记录、通话记录，一手渠道，当天出结果。",
        "社工库在线查询，身份证号、手机号、住址秒出结果。",
        "出售实名手机号和银行卡四件套，长期收购。",
        "远程开启对方手机摄像头，同步聊天记录，对方毫无察觉。",
        "偷拍酒店情侣真实视频合集，进群打包出售。",
        "手把手教你破解邻居家的摄像头，包教包会。",
        "大师开光的手串经量子科学证明能增强磁场，转运招财。",
        "内部消息：这种肉里加了致癌物质，千万别吃，看完速转。",
    };

    /** Benign sentences for the generated fallback of the realistic mix. */
    static final String[] BENIGN = {
        "今天天气不错，下午我们去公园散步，顺便买了些水果。",
        "这家餐厅的面条味道很好，价格也合理，周末人比较多。",
        "新学期开始了，学校组织了开学典礼，同学们都很开心。",
        "地铁五号线延长段预计明年年底通车，沿线居民出行将更方便。",
        "图书馆本周六举办读书分享会，欢迎大家报名参加。",
        "这部电影的配乐非常出色，剧情也很紧凑，值得一看。",
        "公司年会定在下个月中旬，各部门正在准备节目。",
        "小区门口新开了一家面包店，早上七点开门。",
    };

    /** One corpus: its texts and where they came from. */
    public record Corpus(String name, List<String> texts, String source) {
        public long chars() {
            return texts.stream().mapToLong(String::length).sum();
        }

        public long utf8Bytes() {
            return texts.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
        }
    }

    private Corpora() {
    }

    /** The corpus of that name: mix, flagged, seed or long. */
    public static Corpus load(String name) {
        Path root = repoRoot();
        return switch (name) {
            case "mix" -> eval(root, false);
            case "flagged" -> eval(root, true);
            case "seed" -> new Corpus("seed", List.of(seed(root)), seedSource(root));
            case "long" -> new Corpus("long", longTexts(seed(root)), "generated: " + LONG_DOCS + " texts of ~"
                    + LONG_BYTES / 1024 + " KB UTF-8 (seed paragraphs + suspicious sentences)");
            default -> throw new IllegalArgumentException("unknown corpus " + name + "; use mix, flagged, seed, long");
        };
    }

    /** The repository root: {@code bianwei.root}, else the nearest ancestor of the working directory holding the seed. */
    public static Path repoRoot() {
        String p = System.getProperty("bianwei.root");
        if (p != null && !p.isBlank()) {
            return Path.of(p).toAbsolutePath().normalize();
        }
        Path d = Path.of("").toAbsolutePath();
        for (Path q = d; q != null; q = q.getParent()) {
            if (Files.isRegularFile(q.resolve(SEED))) {
                return q;
            }
        }
        return d;
    }

    public static Path evalPath(Path root) {
        Path p = Path.of(System.getProperty("bianwei.eval", DEFAULT_EVAL));
        return (p.isAbsolute() ? p : root.resolve(p)).normalize();
    }

    private static Corpus eval(Path root, boolean flaggedOnly) {
        String name = flaggedOnly ? "flagged" : "mix";
        Path file = evalPath(root);
        if (!Files.isRegularFile(file)) {
            System.err.println("[bench] " + file + " not found: corpus '" + name + "' falls back to generated text");
            return new Corpus(name, generatedMix(flaggedOnly), "GENERATED (eval file " + file + " absent)");
        }
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(line);
                if (!flaggedOnly || "flag".equals(n.path("label").asText())) {
                    texts.add(n.path("text").asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Corpus(name, List.copyOf(texts), file + (flaggedOnly ? " (label=flag)" : " (all)"));
    }

    private static String seedSource(Path root) {
        return Files.isRegularFile(root.resolve(SEED)) ? root.resolve(SEED).toString() : "GENERATED (seed absent)";
    }

    static String seed(Path root) {
        Path f = root.resolve(SEED);
        if (Files.isRegularFile(f)) {
            try {
                return Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        System.err.println("[bench] " + f + " not found: the seed corpus is generated benign text");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 8000; i++) {
            sb.append(BENIGN[i % BENIGN.length]).append(i % 4 == 3 ? "\n" : "");
        }
        return sb.toString();
    }

    /** Long texts: seed paragraphs in a rotating order, a suspicious sentence after every third one. */
    static List<String> longTexts(String seed) {
        List<String> paragraphs = new ArrayList<>();
        for (String p : seed.split("\n")) {
            if (!p.isBlank()) {
                paragraphs.add(p.strip());
            }
        }
        List<String> out = new ArrayList<>();
        for (int d = 0; d < LONG_DOCS; d++) {
            StringBuilder sb = new StringBuilder();
            int bytes = 0;
            int s = d * 5;
            for (int i = 0; bytes < LONG_BYTES; i++) {
                String p = paragraphs.get((i * 7 + d * 3) % paragraphs.size()) + "\n";
                sb.append(p);
                bytes += p.getBytes(StandardCharsets.UTF_8).length;
                if (i % 3 == 2) {
                    String q = SUSPICIOUS[s++ % SUSPICIOUS.length] + "\n";
                    sb.append(q);
                    bytes += q.getBytes(StandardCharsets.UTF_8).length;
                }
            }
            out.add(sb.toString());
        }
        return List.copyOf(out);
    }

    /** Fallback for mix (1 suspicious in 5) or flagged (all suspicious) when the eval file is absent. */
    static List<String> generatedMix(boolean flaggedOnly) {
        List<String> out = new ArrayList<>();
        int n = flaggedOnly ? 200 : 1000;
        for (int i = 0; i < n; i++) {
            boolean bad = flaggedOnly || i % 5 == 0;
            String a = bad ? SUSPICIOUS[(i * 7) % SUSPICIOUS.length] : BENIGN[i % BENIGN.length];
            String b = BENIGN[(i * 3 + 1) % BENIGN.length];
            out.add(i % 2 == 0 ? a + b : b + a);
        }
        return List.copyOf(out);
    }

    /** Prints every corpus's size as JSON: {"mix":{"docs":..,"chars":..,"bytes":..,"source":".."},...}. */
    public static void main(String[] args) {
        StringBuilder sb = new StringBuilder("{");
        String sep = "";
        for (String name : List.of("mix", "flagged", "seed", "long")) {
            Corpus c = load(name);
            sb.append(sep).append(String.format(Locale.ROOT, "\"%s\":{\"docs\":%d,\"chars\":%d,\"bytes\":%d,\"source\":\"%s\"}",
                    name, c.texts().size(), c.chars(), c.utf8Bytes(), c.source().replace("\\", "\\\\").replace("\"", "'")));
            sep = ",";
        }
        System.out.println(sb.append('}'));
    }
}
