package io.bianwei.server;

import io.bianwei.Screener;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * The service's Prometheus metrics (client_java 1.x, its own registry; text exposition format 0.0.4), with the
 * JVM's (memory, GC, threads) beside them. Requests are counted by {@link WireCounter} from what went on the wire.
 */
final class Metrics {
    /** The status counted for a request that got no response at all (the connection closed first), as nginx's. */
    static final String NO_RESPONSE = "499";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    private final Counter requests = Counter.builder().name("bianwei_http_requests_total")
            .help("HTTP requests by route and the status sent on the wire (499: none was sent, the connection "
                    + "closed first)").labelNames("route", "status").register(registry);
    private final Counter aborted = Counter.builder().name("bianwei_http_responses_aborted_total")
            .help("Responses whose status went out but whose body did not reach its end (the connection failed)")
            .labelNames("route").register(registry);
    private final Histogram latency = Histogram.builder().name("bianwei_http_request_duration_seconds")
            .help("Time from a request's arrival to the end of its response, by route").labelNames("route")
            .classicOnly()
            .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
            .register(registry);
    private final Counter verdicts = Counter.builder().name("bianwei_verdicts_total")
            .help("Documents screened, by verdict (ERROR: the screener failed on it)").labelNames("verdict")
            .register(registry);
    private final Counter documents = Counter.builder().name("bianwei_documents_total")
            .help("Documents screened or explained").register(registry);
    private final Counter deadlines = Counter.builder().name("bianwei_deadline_exceeded_total")
            .help("Requests answered 504 at their deadline, by what they were doing: reading (the body was still "
                    + "arriving), queued (taken out of the queue, never screened) or screening (the document being "
                    + "screened finished in the background and its result was dropped)")
            .labelNames("stage").register(registry);
    private final Counter late = Counter.builder().name("bianwei_deadline_late_total")
            .help("504s sent more than a second after their deadline (the deadline timer could not run: a starved "
                    + "or collecting JVM)").register(registry);
    private final Counter refusals = Counter.builder().name("bianwei_overload_refusals_total")
            .help("Requests refused with 503 overloaded, by the limit that was full: documents (the lane's queue) "
                    + "or bytes (the in-flight byte budget)").labelNames("limit").register(registry);
    private final Info ruleset = Info.builder().name("bianwei_ruleset")
            .help("The rule pack in use; degraded=\"true\" while rules are quarantined").labelNames("version", "degraded")
            .register(registry);
    private final Counter reloads = Counter.builder().name("bianwei_reloads_total")
            .help("Rule pack reload attempts: swapped, or rejected (did not compile or an example failed)")
            .labelNames("result").register(registry);
    private final Gauge ready = Gauge.builder().name("bianwei_ready")
            .help("1 once the rule pack is built and requests are screened").register(registry);
    private final Supplier<Screener> current;

    Metrics(Admission admission, Supplier<Screener> current) {
        this.current = current;
        GaugeWithCallback.builder().name("bianwei_queue_documents")
                .help("Documents waiting or being screened, by lane").labelNames("lane")
                .callback(cb -> {
                    cb.call(admission.small.pending(), "small");
                    cb.call(admission.large.pending(), "large");
                }).register(registry);
        Gauge capacity = Gauge.builder().name("bianwei_queue_capacity_documents")
                .help("Most documents waiting or being screened in a lane before requests are refused with 503")
                .labelNames("lane").register(registry);
        capacity.labelValues("small").set(admission.small.capacity());
        capacity.labelValues("large").set(admission.large.capacity());
        GaugeWithCallback.builder().name("bianwei_inflight_bytes")
                .help("Request-body bytes held: being read, waiting or being screened")
                .callback(cb -> cb.call(admission.bytesHeld())).register(registry);
        Gauge budget = Gauge.builder().name("bianwei_inflight_bytes_limit")
                .help("The in-flight byte budget (--max-inflight-bytes); large requests may use all of it but the "
                        + "part kept for small ones").register(registry);
        budget.set(admission.budget());
        GaugeWithCallback.builder().name("bianwei_rules_quarantined")
                .help("Rules of the pack in use taken out at run time because their code failed (/readyz and "
                        + "/v1/rules say which and why)")
                .callback(cb -> {
                    Screener s = current.get();
                    cb.call(s == null ? 0 : s.quarantined().size());
                }).register(registry);
        for (String v : new String[]{"PASS", "REVIEW", "BLOCK", "ERROR"}) {
            verdicts.labelValues(v);
        }
        for (String s : new String[]{"reading", "queued", "screening"}) {
            deadlines.labelValues(s);
        }
        refusals.labelValues("documents");
        refusals.labelValues("bytes");
        reloads.labelValues("swapped");
        reloads.labelValues("rejected");
        JvmMetrics.builder().register(registry);
    }

    /** One request as it went out: the status sent ({@link #NO_RESPONSE} if none) and whether its body was cut. */
    void request(String route, String status, boolean cut, long nanos) {
        requests.labelValues(route, status).inc();
        if (cut) {
            aborted.labelValues(route).inc();
        }
        latency.labelValues(route).observe(nanos / 1e9);
    }

    void verdict(String verdict) {
        verdicts.labelValues(verdict).inc();
    }

    void documents(int n) {
        documents.inc(n);
    }

    /** A 504 sent at its deadline, {@code lateNanos} after it, by what the request was doing. */
    void deadline(String stage, long lateNanos) {
        deadlines.labelValues(stage).inc();
        late.inc(lateNanos > 1_000_000_000L ? 1 : 0);
    }

    void refused(String limit) {
        refusals.labelValues(limit).inc();
    }

    void ready(boolean on) {
        ready.set(on ? 1 : 0);
    }

    void reload(boolean swapped) {
        reloads.labelValues(swapped ? "swapped" : "rejected").inc();
    }

    String contentType() {
        return writer.getContentType();
    }

    byte[] scrape() {
        Screener s = current.get();
        if (s != null) { // the version gains a -degraded- suffix without a reload when a rule is quarantined
            ruleset.setLabelValues(s.rulesetVersion(), Boolean.toString(!s.quarantined().isEmpty()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 << 10);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new IllegalStateException(e); // a ByteArrayOutputStream does not throw
        }
        return out.toByteArray();
    }
}
