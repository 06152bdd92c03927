package io.bianwei.internal.pack;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackgroundTest {
    @Test
    void joinGivesTheValueOrRethrowsWhatTheWorkThrew() {
        assertThat(Background.start("t", () -> 42).join()).isEqualTo(42);
        IllegalArgumentException thrown = new IllegalArgumentException("bad list");
        assertThatThrownBy(() -> Background.start("t", () -> {
            throw thrown;
        }).join()).isSameAs(thrown);
        StackOverflowError error = new StackOverflowError();
        assertThatThrownBy(() -> Background.start("t", () -> {
            throw error;
        }).join()).isSameAs(error);
    }

    @Test
    void anInterruptedCallerStillGetsTheValueAndKeepsItsInterrupt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Background<String> b = Background.start("t", () -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "done";
        });
        started.await();
        Thread.currentThread().interrupt();
        Thread releaser = new Thread(release::countDown);
        releaser.start();
        try {
            assertThat(b.join()).isEqualTo("done");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
            releaser.join();
        }
    }
}
