package io.bianwei.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.bianwei.cli.TestCli.run;
import static org.assertj.core.api.Assertions.assertThat;

class ClaimsCommandTest {
    static final String ENTRY = "{\"id\": \"health_myth_misc/moon-water\", \"claim\": \"月光下晒过的水能治失眠\", "
            + "\"category\": \"pseudo_science\", \"family\": \"health_myth_misc\", \"keys\": [{\"role\": \"thing\", "
            + "\"any\": [\"月光水\", \"晒月光的水\"]}, {\"role\": \"effect\", \"any\": [\"治失眠\", \"失眠全好\"]}], "
            + "\"sources\": [{\"publisher\": \"科学辟谣\", \"title\": \"月光水？\", \"url\": null, \"date\": \"2024\"}], "
            + "\"correction\": \"水不会因月光改变。\", \"examples\": {\"repost\": [\"每晚喝一杯月光水，治失眠比安眠药还灵\", "
            + "\"把水放在窗台晒一夜月亮再喝，睡得特别香\"], \"debunk\": [\"“月光水治失眠”是谣言，水不会因为月光改变\"]}}";

    @TempDir
    Path dir;

    @Test
    void theDefaultBaseChecksWithoutErrors() {
        TestCli.Run r = run("claims", "check", "--errors-only");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).doesNotContain(": error: ").containsPattern("OK: \\d{3} claims in the default pack; 0 error");
    }

    @Test
    void anEntryThatMissesItsOwnRepostIsAnErrorWithFileAndLine() throws Exception {
        Files.createDirectories(dir.resolve("claims"));
        Files.writeString(dir.resolve("claims/extra.jsonl"), "\n" + ENTRY + "\n");
        TestCli.Run r = run("claims", "check", "--errors-only", dir.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.RULES_FAILED);
        // the second re-post says neither 月光水 nor 治失眠: the keys miss it
        assertThat(r.out()).contains("extra.jsonl:2: error: health_myth_misc/moon-water: example re-post does not"
                + " match its own entry").contains("把水放在窗台晒一夜月亮再喝").contains("FAILED: ");
        assertThat(r.out()).doesNotContain("每晚喝一杯月光水，治失眠比安眠药还灵");
    }

    @Test
    void anEntryThatDoesNotLoadFailsWithFileAndLine() throws Exception {
        Files.createDirectories(dir.resolve("claims"));
        Files.writeString(dir.resolve("claims/extra.jsonl"), ENTRY + "\n{\"id\": \"x/y\"\n");
        TestCli.Run r = run("claims", "check", dir.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.RULES_FAILED);
        assertThat(r.out()).contains("extra.jsonl:2: not valid JSON");
    }

    @Test
    void addDraftsAnEntryFromATheTermsFound() {
        TestCli.Run r = run("claims", "add", "--text", "紧急通知：吃完香蕉千万不能喝酸奶，会中毒！");
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode draft = r.json();
        assertThat(draft.get("category").asText()).isEqualTo("pseudo_science");
        assertThat(draft.get("examples").get("repost").get(0).asText()).startsWith("紧急通知");
        List<String> roles = draft.get("keys").findValuesAsText("role");
        assertThat(roles).contains("thing", "effect");
        assertThat(draft.get("keys").toString()).contains("香蕉", "酸奶", "中毒");
        assertThat(draft.get("id").asText()).contains("TODO");
    }

    @Test
    void fingerprintsAddStoresTheFlagDecisionsAndForgetRemovesThem() throws Exception {
        Path decisions = dir.resolve("decisions.jsonl");
        Files.writeString(decisions, String.join("\n",
                "{\"id\":\"d1\",\"text\":\"出售酒店摄像头ID，高清夜视，实时观看，一次付费永久使用，需要的私聊\",\"label\":\"flag\",\"date\":\"2026-12-01\"}",
                "{\"id\":\"d2\",\"text\":\"今天天气不错，一起去公园走走吧，顺便买点水果\",\"label\":\"ok\"}",
                "{\"id\":\"d3\",\"text\":\"收售各地车主数据，姓名电话车牌齐全，一手资源，量大从优\",\"label\":\"flag\"}",
                "not json") + "\n");
        Path data = dir.resolve("data");
        TestCli.Run r = run("fingerprints", "add", decisions.toString(), "--data", data.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.UNREADABLE);
        assertThat(r.err()).contains("decisions.jsonl:4: not valid JSON");
        assertThat(r.out()).contains("stored 2 fingerprint(s)");
        Path store = data.resolve("fingerprints/removed.txt");
        List<String> lines = Files.readAllLines(store);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).endsWith("\td1\t2026-12-01");
        assertThat(lines.get(2)).contains("\td3\t");

        TestCli.Run f = run("fingerprints", "forget", "d1", "--data", data.toString());
        assertThat(f.exit()).isZero();
        assertThat(f.out()).contains("forgot 1 fingerprint(s) of d1");
        assertThat(Files.readAllLines(store)).hasSize(2).noneMatch(l -> l.contains("\td1\t"));
        assertThat(run("fingerprints", "forget", "d1", "--data", data.toString()).out())
                .contains("no fingerprint of d1");
    }
}
