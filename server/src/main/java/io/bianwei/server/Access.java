package io.bianwei.server;

import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is asking, and whether they may: a bearer API key ({@code Authorization: Bearer KEY}, with its {@link Role}s),
 * or the console's session cookie (made by signing in with a key), or nobody when the server has no keys (loopback
 * only: then everyone may do everything).
 *
 * <p>The session cookie is {@code HttpOnly} and {@code SameSite=Strict}; a request made with it that changes state
 * (any method but GET and HEAD) must also carry the session's CSRF token in {@code X-CSRF-Token}. Without keys, a
 * state-changing console request without a session must say {@code Content-Type: application/json}, which a page of
 * another site cannot send without the browser asking first (and this server never answers such a preflight).
 * Sessions live in memory (a restart signs everyone out) and end after {@link #IDLE} without use.
 */
final class Access {
    static final String COOKIE = "bianwei_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final Duration IDLE = Duration.ofHours(12);
    private static final int MAX_SESSIONS = 10_000;

    private final ApiKeys keys;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    Access(ApiKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** A signed-in console user. */
    static final class Session {
        final String id;
        final String csrf;
        final Set<Role> roles;
        final String name;
        final String keyId;
        volatile Instant lastUsed;

        Session(String id, String csrf, Set<Role> roles, String name, String keyId, Instant now) {
            this.id = id;
            this.csrf = csrf;
            this.roles = Set.copyOf(roles);
            this.name = name;
            this.keyId = keyId;
            this.lastUsed = now;
        }
    }

    /**
     * Who made a request.
     *
     * @param session the console session it came with (null: a bearer key, or no keys)
     */
    record Principal(Set<Role> roles, String name, String keyId, Session session) {
        boolean has(Role role) {
            return role == null || roles.contains(role) || roles.contains(Role.ADMIN);
        }

        ModerationStore.Moderator moderator() {
            return new ModerationStore.Moderator(name, keyId);
        }
    }

    boolean keysRequired() {
        return !keys.isEmpty();
    }

    /** The principal of a request, or null when it carries no valid key or session and keys are required. */
    Principal principal(Request request) {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth != null && keysRequired()) {
            ApiKeys.Key k = keys.key(auth);
            return k == null ? null : new Principal(k.roles(), "key " + k.id(), k.id(), null);
        }
        Session s = session(request);
        if (s != null) {
            return new Principal(s.roles, s.name, s.keyId, s);
        }
        return keysRequired() ? null : new Principal(EnumSet.allOf(Role.class), "local", null, null);
    }

    /**
     * The principal, checked: it exists (401), has the role (403; null: any), and a state-changing request made with
     * the session cookie carries its CSRF token (403).
     *
     * @param console whether the route is the console's own (then, without keys and without a session, a
     *                state-changing request must be JSON)
     */
    Principal require(Request request, Role role, boolean console) {
        Principal p = principal(request);
        if (p == null) {
            throw new ApiException(401, "unauthorized", "missing or unknown API key: send 'Authorization: Bearer KEY' "
                    + "(or sign in to the console)", List.of(), Map.of("WWW-Authenticate", "Bearer realm=\"bianwei\""));
        }
        boolean changes = !request.getMethod().equals("GET") && !request.getMethod().equals("HEAD");
        if (changes && p.session() != null) {
            String token = request.getHeaders().get(CSRF_HEADER);
            if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                    p.session().csrf.getBytes(StandardCharsets.UTF_8))) {
                throw new ApiException(403, "csrf", "this request was made with the console's session but without "
                        + "its " + CSRF_HEADER + " header: reload the console");
            }
        } else if (changes && console && p.session() == null && !keysRequired()) {
            String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                throw new ApiException(415, "unsupported_media_type", "send the body as JSON, with 'Content-Type: "
                        + "application/json'");
            }
        }
        if (!p.has(role)) {
            throw new ApiException(403, "forbidden", "this " + (p.session() != null ? "session's key" : "key")
                    + " may not do that: it needs the '" + role.key() + "' role (it has " + names(p.roles()) + ")");
        }
        return p;
    }

    private static String names(Set<Role> roles) {
        return roles.stream().map(Role::key).sorted().toList().toString();
    }

    /** The session a request's cookie names, still alive, or null. */
    Session session(Request request) {
        List<HttpCookie> cookies = Request.getCookies(request);
        if (cookies == null) {
            return null;
        }
        Instant now = clock.instant();
        for (HttpCookie c : cookies) {
            if (COOKIE.equals(c.getName())) {
                Session s = sessions.get(c.getValue());
                if (s != null && s.lastUsed.plus(IDLE).isAfter(now)) {
                    s.lastUsed = now;
                    return s;
                }
                if (s != null) {
                    sessions.remove(c.getValue());
                }
            }
        }
        return null;
    }

    /**
     * Signs in: a new session for a known key (or for anyone when the server has no keys).
     *
     * @throws ApiException 401 for an unknown key
     */
    Session signIn(String key, String name) {
        Set<Role> roles;
        String keyId;
        if (keysRequired()) {
            ApiKeys.Key k = key == null ? null : keys.find(key.strip());
            if (k == null) {
                throw new ApiException(401, "unauthorized", "unknown API key");
            }
            roles = k.roles();
            keyId = k.id();
        } else {
            roles = EnumSet.allOf(Role.class);
            keyId = null;
        }
        String who = name == null || name.isBlank() ? (keyId == null ? "local" : "key " + keyId)
                : name.strip().replaceAll("\\p{Cntrl}", "");
        if (who.length() > 64) {
            who = who.substring(0, 64);
        }
        expire();
        Session s = new Session(token(), token(), roles, who, keyId, clock.instant());
        sessions.put(s.id, s);
        return s;
    }

    void signOut(Session s) {
        if (s != null) {
            sessions.remove(s.id);
        }
    }

    private void expire() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !s.lastUsed.plus(IDLE).isAfter(now));
        if (sessions.size() >= MAX_SESSIONS) { // a flood of sign-ins: the oldest go first
            sessions.values().stream().min(java.util.Comparator.comparing(s -> s.lastUsed))
                    .ifPresent(s -> sessions.remove(s.id));
        }
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The Set-Cookie value of a session (or of its end, when null). */
    static String cookie(Session s) {
        return s == null ? COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
                : COOKIE + "=" + s.id + "; Path=/; HttpOnly; SameSite=Strict";
    }
}
