package io.bianwei.server;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * Errors that Jetty answers itself (a request it cannot parse, headers too large, a shutdown rejection) in the
 * service's JSON error shape; requests Jetty cannot parse are counted in the metrics here, as route {@code other}. Never a stack trace, and for 5xx not even Jetty's message.
 */
final class JsonErrorHandler extends ErrorHandler {
    private final Metrics metrics;

    JsonErrorHandler(Metrics metrics) {
        this.metrics = metrics;
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        if (request.getAttribute(WireCounter.COUNTED) == null) {
            // a request Jetty could not parse never reached the handlers, so WireCounter does not see it
            metrics.request(ApiHandler.Route.OTHER.label(), Integer.toString(code), false, 0);
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiHandler.JSON);
        if (code == HttpStatus.SERVICE_UNAVAILABLE_503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        }
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, ApiHandler.JSON);
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int code, String message) {
        String reason = HttpStatus.getMessage(code);
        String text = code >= 500 || message == null || message.isBlank() ? reason : message;
        String slug = reason == null ? "error" : reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return ApiHandler.errorJson(code, slug, text, List.of());
    }
}
