package io.bianwei;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A screener that follows rule folders as they are edited. On a change it builds the new pack and runs every rule's
 * examples in the background; only when both succeed does it swap, atomically, to the new pack. Otherwise it keeps
 * the old pack and reports why. Each {@code screen} call uses one pack from start to end, so a result is always
 * wholly old or wholly new ({@link ScreeningResult#rulesetVersion()} says which).
 *
 * <pre>{@code
 * try (ReloadingScreener rs = ReloadingScreener.watch(
 *         () -> Screener.builder().addRules(dir), List.of(dir), event -> log.info("{}", event))) {
 *     rs.screen("…");
 * }
 * }</pre>
 */
public final class ReloadingScreener implements TextScreener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingScreener.class);
    private static final long DEBOUNCE_MILLIS = 200;

    /** The outcome of one reload attempt. */
    public record ReloadEvent(boolean swapped, String rulesetVersion, List<String> problems) {
        public ReloadEvent {
            problems = List.copyOf(problems);
        }
    }

    private final Supplier<Screener.Builder> builders;
    private final Consumer<ReloadEvent> listener;
    private final AtomicReference<Screener> current;
    private final WatchService watcher;
    private final Thread thread;
    private final Object reloadLock = new Object();

    private ReloadingScreener(Supplier<Screener.Builder> builders, List<Path> folders, Consumer<ReloadEvent> listener)
            throws IOException {
        this.builders = builders;
        this.listener = listener;
        this.current = new AtomicReference<>(builders.get().build());
        if (folders.isEmpty()) {
            this.watcher = null;
            this.thread = null;
            return;
        }
        this.watcher = FileSystems.getDefault().newWatchService();
        for (Path f : folders) {
            register(f);
        }
        this.thread = new Thread(this::loop, "bianwei-rule-watcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Builds the first screener (failing as {@link Screener.Builder#build()} does) and starts watching.
     *
     * @param builders a fresh, fully configured builder per attempt (builders are single-use)
     * @param folders  folders to watch, recursively; empty for manual {@link #reload()} only
     * @param listener told about every reload attempt (from the watcher thread)
     */
    public static ReloadingScreener watch(Supplier<Screener.Builder> builders, List<Path> folders,
                                          Consumer<ReloadEvent> listener) throws IOException {
        return new ReloadingScreener(Objects.requireNonNull(builders), List.copyOf(folders),
                Objects.requireNonNull(listener));
    }

    /** The pack in use now. */
    public Screener current() {
        return current.get();
    }

    @Override
    public ScreeningResult screen(String id, String text) {
        return current.get().screen(id, text);
    }

    @Override
    public Explanation explain(String text) {
        return current.get().explain(text);
    }

    @Override
    public String rulesetVersion() {
        return current.get().rulesetVersion();
    }

    /** Builds and checks the pack now, swapping only when it compiles and all its examples pass. */
    public ReloadEvent reload() {
        synchronized (reloadLock) {
            ReloadEvent event;
            try {
                Screener candidate = builders.get().build();
                List<Screener.ExampleFailure> failures = candidate.pack().checkExamples();
                if (failures.isEmpty()) {
                    current.set(candidate);
                    event = new ReloadEvent(true, candidate.rulesetVersion(), List.of());
                } else {
                    event = new ReloadEvent(false, current.get().rulesetVersion(),
                            failures.stream().map(Screener.ExampleFailure::toString).toList());
                }
            } catch (RulePackException e) {
                event = new ReloadEvent(false, current.get().rulesetVersion(),
                        e.problems().stream().map(RulePackException.Problem::toString).toList());
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) { // a pack whose code throws an Error while its examples run must not kill the watcher
                event = new ReloadEvent(false, current.get().rulesetVersion(), List.of(e.toString()));
            }
            if (event.swapped()) {
                LOG.info("rule pack reloaded: {}", event.rulesetVersion());
            } else {
                LOG.warn("rule pack not reloaded, keeping {}: {}", event.rulesetVersion(), event.problems());
            }
            try {
                listener.accept(event);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                LOG.warn("reload listener failed", e);
            }
            return event;
        }
    }

    private void register(Path root) throws IOException {
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    private void loop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = watcher.take();
                List<WatchKey> keys = new ArrayList<>(List.of(key));
                // debounce: an editor's save is several events
                WatchKey more;
                while ((more = watcher.poll(DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    keys.add(more);
                }
                for (WatchKey k : keys) {
                    for (var ev : k.pollEvents()) {
                        if (ev.context() instanceof Path p && k.watchable() instanceof Path dir) {
                            Path full = dir.resolve(p);
                            if (Files.isDirectory(full)) {
                                register(full);
                            }
                        }
                    }
                    k.reset();
                }
                reload();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("rule folder watcher stopped", e);
        } catch (VirtualMachineError e) {
            LOG.error("rule folder watcher stopped", e);
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (thread != null) {
            thread.interrupt();
            watcher.close();
        }
    }
}
