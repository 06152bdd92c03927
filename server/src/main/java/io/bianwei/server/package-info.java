/**
 * {@code bianwei serve}: the screener as an HTTP service for platforms outside the JVM. {@link
 * io.bianwei.server.ScreeningServer} runs embedded Jetty 12 (core handlers, no servlets) with the CLI's JSON contract
 * ({@code io.bianwei.json.Jsonl}) under {@code /v1}, health and readiness probes, Prometheus metrics and an OpenAPI
 * document; {@link io.bianwei.server.ServerConfig} holds its limits, {@link io.bianwei.server.ApiKeys} its bearer keys.
 */
package io.bianwei.server;
