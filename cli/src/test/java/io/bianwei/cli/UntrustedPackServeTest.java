package io.bianwei.cli;

import io.bianwei.server.ScreeningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code bianwei serve --rules DIR} in-process: a pack copied into the watched folder whose code calls
 * {@code System.exit(42)} while its examples are checked ends the child check process, not the service (before, the
 * service, and with it this test's JVM, exited within seconds).
 */
class UntrustedPackServeTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static final String EXIT_PACK = """
            package ext;
            import io.bianwei.facts.*;
            global io.bianwei.facts.Out out;

            rule "PS_T_EXIT"
                @category("pseudo_science") @weight(50) @description("测试") @description_en("test")
                @hit1("«神药»") @ok1("无")
            when
                $h : Hit(list == "t_remedy")
            then
                out.emit(kcontext, $h);
                System.exit(42);
            end
            """;

    private static String get(ScreeningServer s, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(s.uri().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    }

    @Test
    void aPackThatCallsSystemExitCopiedIntoAWatchedFolderIsRefusedAndServeGoesOn(@TempDir Path dir) throws Exception {
        Path live = Files.createDirectories(dir.resolve("live"));
        LinkedBlockingQueue<ScreeningServer> started = new LinkedBlockingQueue<>();
        ServeCommand.onReady = started::add;
        try {
            CompletableFuture<TestCli.Run> run = CompletableFuture.supplyAsync(() -> TestCli.run("serve", "--no-console", "--port",
                    "0", "--no-default", "--rules", TestCli.testPack().toString(), "--rules", live.toString()));
            ScreeningServer server = started.poll(3, TimeUnit.MINUTES);
            assertThat(server).as("started: " + (run.isDone() ? run.get() : "")).isNotNull();
            String version = server.rulesetVersion();

            Files.writeString(live.resolve("exit.drl"), EXIT_PACK);
            await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> assertThat(get(server, "/metrics"))
                    .contains("bianwei_reloads_total{result=\"rejected\"} 1.0"));

            assertThat(server.rulesetVersion()).as("the old pack stays").isEqualTo(version);
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(server.uri().resolve("/v1/screen"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"1\",\"text\":\"这个神药很灵\"}",
                            StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("PS_T_REMEDY").doesNotContain("PS_T_EXIT");
            server.close();
            TestCli.Run done = run.get(60, TimeUnit.SECONDS);
            assertThat(done.exit()).as(done.toString()).isZero();
        } finally {
            ServeCommand.onReady = s -> { };
        }
    }

    @Test
    void serveRefusesSuchAPackAtStartWithAUsageError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("exit.drl"), EXIT_PACK);
        TestCli.Run r = TestCli.run("serve", "--no-console", "--port", "0", "--no-default", "--rules", TestCli.testPack().toString(),
                "--rules", dir.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("the rule pack was refused (1 problem(s)):").contains("exit.drl:5: PS_T_EXIT: the pack's code ended the check process with"
                + " System.exit(42) while checking ").containsPattern("HIT example \"[^\"]*神药");
    }
}
