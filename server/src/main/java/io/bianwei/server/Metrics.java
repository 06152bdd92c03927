package io.bianwei.server;

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
import java.util.function.IntSupplier;

/**
 * The service's Prometheus metrics (client_java 1.x, its own registry; text exposition format 0.0.4), with the
 * JVM's (memory, GC, threads) beside them.
 */
final class Metrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    private final Counter requests = Counter.builder().name("bianwei_http_requests_total")
            .help("HTTP requests answered, by route and status").labelNames("route", "status").register(registry);
    private final Histogram latency = Histogram.builder().name("bianwei_http_request_duration_seconds")
            .help("Time from a request's arrival to its response, by route").labelNames("route")
            .classicOnly()
            .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
            .register(registry);
    private final Counter verdicts = Counter.builder().name("bianwei_verdicts_total")
            .help("Documents screened, by verdict (ERROR: the screener failed on it)").labelNames("verdict")
            .register(registry);
    private final Counter documents = Counter.builder().name("bianwei_documents_total")
            .help("Documents screened or explained").register(registry);
    private final Info ruleset = Info.builder().name("bianwei_ruleset")
            .help("The rule pack in use").labelNames("version").register(registry);
    private final Counter reloads = Counter.builder().name("bianwei_reloads_total")
            .help("Rule pack reload attempts: swapped, or rejected (did not compile or an example failed)")
            .labelNames("result").register(registry);
    private final Gauge ready = Gauge.builder().name("bianwei_ready")
            .help("1 once the rule pack is built and requests are screened").register(registry);

    Metrics(IntSupplier queued, int queueCapacity) {
        GaugeWithCallback.builder().name("bianwei_queue_documents")
                .help("Documents waiting or being screened").callback(cb -> cb.call(queued.getAsInt()))
                .register(registry);
        Gauge capacity = Gauge.builder().name("bianwei_queue_capacity_documents")
                .help("Most documents waiting or being screened before requests are refused with 503")
                .register(registry);
        capacity.set(queueCapacity);
        for (String v : new String[]{"PASS", "REVIEW", "BLOCK", "ERROR"}) {
            verdicts.labelValues(v);
        }
        reloads.labelValues("swapped");
        reloads.labelValues("rejected");
        JvmMetrics.builder().register(registry);
    }

    void request(String route, int status, long nanos) {
        requests.labelValues(route, Integer.toString(status)).inc();
        latency.labelValues(route).observe(nanos / 1e9);
    }

    void verdict(String verdict) {
        verdicts.labelValues(verdict).inc();
    }

    void documents(int n) {
        documents.inc(n);
    }

    void ruleset(String version) {
        ruleset.setLabelValues(version);
        ready.set(1);
    }

    void notReady() {
        ready.set(0);
    }

    void reload(boolean swapped) {
        reloads.labelValues(swapped ? "swapped" : "rejected").inc();
    }

    String contentType() {
        return writer.getContentType();
    }

    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 << 10);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new IllegalStateException(e); // a ByteArrayOutputStream does not throw
        }
        return out.toByteArray();
    }
}
