package io.bianwei.server;

import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts every request by the status that went on the wire, at the outermost handler: the API's answers, the 503s of
 * a graceful stop, and the errors Jetty writes itself when a request fails, all where Jetty hands the response to
 * the connection ({@link HttpStream#send}). A request that got no status line at all is counted as
 * {@link Metrics#NO_RESPONSE}; one whose status went out but whose body did not reach its end is counted with that
 * status and as aborted.
 */
final class WireCounter extends Handler.Wrapper {
    /** Set on every request counted here; Jetty's own answers to requests that never got this far are not. */
    static final String COUNTED = "io.bianwei.server.counted";
    private final Metrics metrics;

    WireCounter(Metrics metrics, Handler handler) {
        super(handler);
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String route = ApiHandler.Route.of(Request.getPathInContext(request)).label();
        long start = System.nanoTime();
        request.setAttribute(COUNTED, Boolean.TRUE);
        request.addHttpStreamWrapper(stream -> new Counting(stream, route, start));
        return super.handle(request, response, callback);
    }

    private final class Counting extends HttpStream.Wrapper {
        private final String route;
        private final long start;
        private final AtomicBoolean counted = new AtomicBoolean();
        private volatile int sending = -1;
        private volatile int status = -1;
        private volatile boolean lastWritten;

        Counting(HttpStream wrapped, String route, long start) {
            super(wrapped);
            this.route = route;
            this.start = start;
        }

        @Override
        public void send(MetaData.Request request, MetaData.Response response, boolean last, ByteBuffer content,
                         Callback callback) {
            if (response != null && response.getStatus() >= 200) { // a 100 Continue goes first, then the real one
                sending = response.getStatus();
            }
            super.send(request, response, last, content, new Callback() {
                @Override
                public void succeeded() {
                    status = sending; // the status line is on the wire once a write that carried it succeeded
                    if (last) {
                        lastWritten = true;
                        count(); // now, not when the exchange completes (after the rest of an unread body)
                    }
                    callback.succeeded();
                }

                @Override
                public void failed(Throwable x) {
                    callback.failed(x);
                }

                @Override
                public InvocationType getInvocationType() {
                    return callback.getInvocationType();
                }
            });
        }

        @Override
        public void succeeded() {
            count();
            super.succeeded();
        }

        @Override
        public void failed(Throwable x) {
            count();
            super.failed(x);
        }

        private void count() {
            if (counted.compareAndSet(false, true)) {
                int s = status;
                metrics.request(route, s < 0 ? Metrics.NO_RESPONSE : Integer.toString(s), s >= 0 && !lastWritten,
                        System.nanoTime() - start);
            }
        }
    }
}
