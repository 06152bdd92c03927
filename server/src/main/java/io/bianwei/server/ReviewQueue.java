package io.bianwei.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import io.bianwei.Verdict;
import io.bianwei.json.InputRecord;
import io.bianwei.json.Jsonl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * What feeds the console's queue from {@code POST /v1/screen}: a document that asks for it ({@code "queue": true}),
 * or every document when the server runs with {@code --queue-review}, enters the queue when its verdict is REVIEW,
 * once per (document id, ruleset version). The queue is written in one transaction per request, before the answer
 * leaves, and each such result says {@code "queued": true|false} (true: it is in the queue, whether it entered now or
 * was there already, so a retried request is safe).
 */
final class ReviewQueue {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewQueue.class);

    private final ScreeningServer server;
    private final ModerationStore store;
    private final boolean everyReview;

    ReviewQueue(ScreeningServer server, ModerationStore store, boolean everyReview) {
        this.server = server;
        this.store = store;
        this.everyReview = everyReview;
    }

    Batch batch(Screener screener) {
        return new Batch(screener);
    }

    /** The documents of one request that are queued, with where their results go in the answer. */
    final class Batch {
        private final Screener screener;
        private final List<Integer> offsets = new ArrayList<>();
        private final List<ModerationStore.Screened> docs = new ArrayList<>();

        Batch(Screener screener) {
            this.screener = screener;
        }

        /** Whether this document is to be queued when REVIEW (its {@code "queue"} field, or --queue-review). */
        boolean wanted(InputRecord r) {
            if (everyReview) {
                return true;
            }
            JsonNode q = r.extra().get("queue");
            return q != null && q.isBoolean() && q.booleanValue();
        }

        /** Screens a document; its result is written at the current end of {@code out} by {@link #commit}. */
        void add(StringBuilder out, Screener s, InputRecord r) {
            ScreeningResult result;
            try {
                result = s.screen(r.id(), r.text());
            } catch (RuntimeException | StackOverflowError e) {
                LOG.warn("screening {} failed", r.id(), e);
                server.metrics.verdict("ERROR");
                out.append(Jsonl.errorLine(r.id(), r.id() + ": screening failed: " + e, s.rulesetVersion(),
                        r.extra()));
                return;
            } finally {
                server.quarantine.check(s);
            }
            server.metrics.verdict(result.verdict().name());
            ObjectNode json = Jsonl.toJson(result, r.extra());
            offsets.add(out.length());
            docs.add(new ModerationStore.Screened(r.text(), result, json, s.modelVersion(), everyReview ? "server"
                    : "api"));
        }

        /**
         * Writes the REVIEW documents to the queue (one transaction), then their results into {@code out}.
         *
         * @throws ApiException 503 when the queue cannot be written (nothing of the request is answered then: a
         *                      retry is safe, a document enters the queue once)
         */
        void commit(StringBuilder out) {
            if (docs.isEmpty()) {
                return;
            }
            try {
                store.enqueue(docs);
            } catch (ModerationStore.StoreException e) {
                LOG.error("the review queue could not be written", e);
                throw new ApiException(503, "queue_unavailable", "the review queue could not be written ("
                        + e.getMessage() + "); nothing was queued, retry later", List.of(),
                        java.util.Map.of("Retry-After", "1"));
            }
            for (int i = docs.size() - 1; i >= 0; i--) { // from the end, so that earlier offsets stay valid
                ObjectNode json = docs.get(i).json();
                json.put("queued", docs.get(i).result().verdict() == Verdict.REVIEW);
                out.insert(offsets.get(i), Jsonl.write(json));
            }
        }
    }
}
