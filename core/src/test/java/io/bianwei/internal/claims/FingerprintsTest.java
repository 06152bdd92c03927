package io.bianwei.internal.claims;

import io.bianwei.RulePackException.Problem;
import io.bianwei.internal.lexicon.Simplifier;
import io.bianwei.internal.text.Source;
import io.bianwei.internal.text.Normalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fingerprint threshold's table: pairs of posts written for this test, a removed post and a later one. Re-posts
 * (emoji, other punctuation and spacing, traditional characters, a forwarding line before or after, a few words
 * changed) must reach {@link Fingerprints#THRESHOLD}; different posts on the same topic (a news report on the same
 * scam, the same template about another food, a customer's review) must stay below it.
 */
class FingerprintsTest {
    static final Normalizer NORMALIZER = new Normalizer(Simplifier::toSimplified);

    static final String CRAYFISH = "紧急扩散！隔壁小区有人吃了外卖的小龙虾，全家食物中毒进了ICU，大家最近千万别点小龙虾外卖！";
    static final String CAMERA = "出售酒店摄像头ID，高清夜视，实时观看，一次付费永久使用，需要的私聊";
    static final String DURIAN = "转给家里人！吃完榴莲千万别马上喝可乐，隔壁村有人这么吃当晚就没了，血的教训";
    static final String DATA = "收售各地车主数据，姓名电话车牌齐全，一手资源，量大从优，价格私聊";
    static final String CURE = "祖传秘方专治糖尿病，三个疗程停药，不打针不吃药，已经帮助上千人，名额有限";

    /** {removed post, later post}: the same post again. */
    static final String[][] SAME = {
            {CRAYFISH, "🚨紧急扩散‼️隔壁小区有人吃了外卖的小龙虾，全家食物中毒进了ICU😱大家最近千万别点小龙虾外卖！！🙏"},
            {CRAYFISH, "紧急 扩散 隔壁小区有人吃了外卖的小龙虾 全家食物中毒进了ICU 大家最近千万别点小龙虾外卖"},
            {CRAYFISH, "緊急擴散！隔壁小區有人吃了外賣的小龍蝦，全家食物中毒進了ICU，大家最近千萬別點小龍蝦外賣！"},
            {CRAYFISH, "转自家族群：紧急扩散！隔壁小区有人吃了外卖的小龙虾，全家食物中毒进了ICU，大家最近千万别点小龙虾外卖！看到的都转一下"},
            {CRAYFISH, "紧急扩散！隔壁小区有人吃了外卖小龙虾，一家人食物中毒进了ICU，大家最近千万别点小龙虾外卖！"},
            {CAMERA, "出售酒店摄像头ID～高清夜视～实时观看～一次付费永久使用！需要的私❤️聊"},
            {CAMERA, "出售宾馆摄像头ID，高清夜视，实时观看，一次付费永久使用，要的私聊"},
            {CAMERA, "出·售·酒·店·摄·像·头ID，高清夜视，实时观看，一次付费永久使用，需要的私聊"},
            {DURIAN, "【转给家里人】吃完榴莲千万别马上喝可乐!!隔壁村有人这么吃当晚就没了……血的教训😭😭"},
            {DURIAN, "转给家里人！吃完榴莲千万别马上喝可乐，邻村有人这么吃当天晚上就没了，血的教训"},
            {DATA, "收售各地车主数据:姓名/电话/车牌齐全,一手资源,量大从优,价格私聊"},
            {DATA, "收售全国车主数据，姓名电话车牌齐全，一手资源，量大从优，价格私聊V"},
            {CURE, "祖传秘方专治糖尿病👍三个疗程停药👍不打针不吃药👍已经帮助上千人👍名额有限"},
            {CURE, "祖傳秘方專治糖尿病，三個療程停藥，不打針不吃藥，已經幫助上千人，名額有限"},
    };

    /** {removed post, later post}: a different post on the same topic. */
    static final String[][] DIFFERENT = {
            {CRAYFISH, "小龙虾外卖吃出问题？市场监管部门提醒消费者选择正规商家，注意食品安全。"},
            {CRAYFISH, "昨天点了小龙虾外卖，味道一般，下次不点这家了。"},
            {CRAYFISH, "紧急扩散！隔壁小区有人吃了外卖的烧烤，全家拉肚子进了医院，大家最近别点烧烤外卖！"},
            {CAMERA, "警方破获一起出售酒店摄像头ID的案件，抓获犯罪嫌疑人5名，涉案摄像头2000余个。"},
            {CAMERA, "出售家用摄像头，高清夜视，手机远程查看，包邮，需要的私聊"},
            {DURIAN, "转给家里人！吃完螃蟹千万别马上吃柿子，隔壁村有人这么吃当晚就进了医院，血的教训"},
            {DURIAN, "网传吃完榴莲喝可乐会死人，这是谣言，两者同食不会产生毒素。"},
            {DATA, "警方提醒：有人在网上收售车主数据，姓名电话一应俱全，这是违法行为，发现请举报。"},
            {DATA, "收售二手车，车况齐全，价格私聊"},
            {CURE, "祖传秘方专治高血压，一个疗程见效，不用吃降压药，名额有限，私信领取"},
            {CURE, "糖尿病患者要遵医嘱用药，不要相信所谓祖传秘方和停药承诺。"},
    };

    @Test
    void thresholdSeparatesTheTable() {
        Fingerprints f = new Fingerprints(NORMALIZER);
        double minSame = 1;
        double maxDifferent = 0;
        for (String[] p : SAME) {
            double s = f.similarity(p[0], p[1]);
            System.out.printf("[fingerprints] same      %.2f %s%n", s, p[1]);
            minSame = Math.min(minSame, s);
            assertThat(s).as("same post: %s", p[1]).isGreaterThanOrEqualTo(Fingerprints.THRESHOLD);
        }
        for (String[] p : DIFFERENT) {
            double s = f.similarity(p[0], p[1]);
            System.out.printf("[fingerprints] different %.2f %s%n", s, p[1]);
            maxDifferent = Math.max(maxDifferent, s);
            assertThat(s).as("different post: %s", p[1]).isLessThan(Fingerprints.THRESHOLD);
        }
        System.out.printf("[fingerprints] re-posts >= %.2f, different posts <= %.2f, threshold %.2f%n", minSame,
                maxDifferent, Fingerprints.THRESHOLD);
    }

    @Test
    void nearestFindsTheRemovedPostThroughTheBuckets() {
        Fingerprints f = new Fingerprints(NORMALIZER);
        String[] removed = {CRAYFISH, CAMERA, DURIAN, DATA, CURE};
        for (int i = 0; i < removed.length; i++) {
            assertThat(f.add(removed[i], "d-" + i, "2026-12-0" + (i + 1))).isTrue();
        }
        for (String[] p : SAME) {
            int expected = java.util.Arrays.asList(removed).indexOf(p[0]);
            assertThat(f.nearest(p[1])).as(p[1]).hasValueSatisfying(n -> {
                assertThat(n.id()).isEqualTo("d-" + expected);
                assertThat(n.similarity()).isBetween(Fingerprints.THRESHOLD, 1.0);
            });
        }
        for (String[] p : DIFFERENT) {
            assertThat(f.nearest(p[1])).as(p[1]).isEmpty();
        }
    }

    @Test
    void forgetRemovesADecisionAndTheStoreRoundTrips(@TempDir Path dir) throws Exception {
        Fingerprints f = new Fingerprints(NORMALIZER);
        f.add(CRAYFISH, "mod-1", "2026-12-01");
        f.add(CAMERA, "mod-2", "2026-12-02");
        assertThat(f.add("太短了", "mod-3", "2026-12-03")).as("too short to fingerprint").isFalse();
        Path file = dir.resolve("fingerprints/removed.txt");
        f.write(file);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo(Fingerprints.HEADER);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).matches("[0-9a-f]{256}\tmod-1\t2026-12-01");

        List<Problem> problems = new ArrayList<>();
        Fingerprints back = Fingerprints.read(NORMALIZER, file, problems);
        assertThat(problems).isEmpty();
        assertThat(back.size()).isEqualTo(2);
        assertThat(back.nearest(SAME[0][1])).hasValueSatisfying(n -> assertThat(n.id()).isEqualTo("mod-1"));
        assertThat(back.forget("mod-1")).isEqualTo(1);
        assertThat(back.nearest(SAME[0][1])).isEmpty();
        assertThat(back.nearest(SAME[5][1])).hasValueSatisfying(n -> assertThat(n.id()).isEqualTo("mod-2"));
        assertThat(back.forget("no-such")).isZero();
    }

    @Test
    void badLinesAndOtherFormatsAreNamed() {
        List<Problem> problems = new ArrayList<>();
        Fingerprints.load(NORMALIZER, List.of(new Source("fingerprints/a.txt",
                Fingerprints.HEADER + "\nnot a fingerprint\n")), problems);
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("fingerprints/a.txt");
            assertThat(p.line()).isEqualTo(2);
        });
        problems.clear();
        Fingerprints.load(NORMALIZER, List.of(new Source("fingerprints/b.txt",
                "# bianwei-fingerprints v0 simhash\n")), problems);
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message()).contains("another format"));
    }

    @Test
    void idsAndDatesAreChecked() {
        Fingerprints f = new Fingerprints(NORMALIZER);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.add(CRAYFISH, "a\tb", "2026-12-01"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.add(CRAYFISH, "a", "yesterday"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
