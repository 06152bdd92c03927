package io.bianwei.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Bearer API keys. Only their SHA-256 digests are kept; a presented key is hashed and compared with every digest
 * with {@link MessageDigest#isEqual} (constant time for equal lengths, and digests are all 32 bytes), without stopping
 * at the first match, so the time taken says nothing about how much of a key was right or which key matched.
 *
 * <p>A key may be limited to roles by writing them before it: {@code screen:KEY}, {@code moderate:KEY},
 * {@code admin:KEY}, or several joined by {@code +} ({@code screen+moderate:KEY}). A key written alone has every
 * role (as every key had before roles existed). See {@link Role}.
 */
public final class ApiKeys {
    /** Environment variable read by {@code bianwei serve}: keys separated by commas or white space. */
    public static final String ENV = "BIANWEI_API_KEYS";
    /** Shortest key accepted: a key is a secret, not a password to remember. */
    public static final int MIN_LENGTH = 16;

    private static final ApiKeys NONE = new ApiKeys(List.of(), List.of());
    private final List<byte[]> digests;
    private final List<Set<Role>> roles;

    /** A key that was presented and is known: its roles and its id (the first 12 hex digits of its SHA-256). */
    public record Key(Set<Role> roles, String id) {
        public Key {
            roles = Set.copyOf(roles);
        }

        /** Whether the key may act in {@code role} ({@link Role#ADMIN} may do everything). */
        public boolean has(Role role) {
            return roles.contains(role) || roles.contains(Role.ADMIN);
        }
    }

    private ApiKeys(List<byte[]> digests, List<Set<Role>> roles) {
        this.digests = List.copyOf(digests);
        this.roles = List.copyOf(roles);
    }

    /** No keys: requests are not authenticated (allowed on loopback only). */
    public static ApiKeys none() {
        return NONE;
    }

    /**
     * These keys.
     *
     * @throws IllegalArgumentException for a key shorter than {@link #MIN_LENGTH} or with white space or control
     *                                  characters (the message never repeats the key)
     */
    public static ApiKeys of(Collection<String> keys) {
        Set<String> unique = new LinkedHashSet<>(keys);
        List<byte[]> d = new ArrayList<>(unique.size());
        List<Set<Role>> r = new ArrayList<>(unique.size());
        int n = 0;
        for (String written : unique) {
            n++;
            Set<Role> given = Role.prefix(written);
            String k = given == null ? written : written.substring(written.indexOf(':') + 1);
            r.add(given == null ? java.util.EnumSet.allOf(Role.class) : given);
            if (k.length() < MIN_LENGTH) {
                throw new IllegalArgumentException("API key " + n + " is shorter than " + MIN_LENGTH + " characters");
            }
            if (!k.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("API key " + n + " has characters other than printable ASCII");
            }
            d.add(sha256(k));
        }
        return new ApiKeys(d, r);
    }

    /** Keys in text: separated by commas, white space or lines; {@code #} starts a comment to the end of its line. */
    public static ApiKeys parse(String text) {
        List<String> keys = new ArrayList<>();
        for (String line : text.split("\\R")) {
            int hash = line.indexOf('#');
            String content = hash >= 0 ? line.substring(0, hash) : line;
            for (String k : content.split("[,\\s]+")) {
                if (!k.isEmpty()) {
                    keys.add(k);
                }
            }
        }
        return of(keys);
    }

    /** The keys of a file ({@link #parse}) followed by those of an environment value (may be null). */
    public static ApiKeys load(Path file, String env) throws IOException {
        StringBuilder all = new StringBuilder();
        if (file != null) {
            all.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
        }
        if (env != null) {
            all.append(env);
        }
        return parse(all.toString());
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    public int size() {
        return digests.size();
    }

    /** Whether an {@code Authorization} header value ({@code Bearer KEY}) carries one of the keys. */
    public boolean accepts(String authorization) {
        return key(authorization) != null;
    }

    /** The key an {@code Authorization} header value ({@code Bearer KEY}) carries, or null when none is known. */
    public Key key(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        return find(authorization.substring(7).strip());
    }

    /** The key itself (as typed into the console's sign-in), or null when it is not known. */
    public Key find(String key) {
        byte[] presented = sha256(key);
        int found = -1;
        for (int i = 0; i < digests.size(); i++) {
            if (MessageDigest.isEqual(digests.get(i), presented) && found < 0) { // every digest is compared
                found = i;
            }
        }
        return found < 0 ? null : new Key(roles.get(found), java.util.HexFormat.of().formatHex(presented)
                .substring(0, 12));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return digests.size() + " API key(s)";
    }
}
