package io.bianwei.quality;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The authoring discipline for rule work: a labelled set is split by a hash of each text's id into an
 * {@link Half#AUTHORING} half (read it, write and tune rules on it) and a {@link Half#CHECK} half (only measure on it,
 * never read its failures to write rules). The split is fixed: SHA-256 of the UTF-8 id, first byte even → authoring.
 */
public final class DevSplit {
    private DevSplit() {
    }

    /** A half of the split. */
    public enum Half {
        AUTHORING, CHECK;

        /** {@code authoring} or {@code check}. */
        public static Half parse(String s) {
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("half must be authoring or check, got '" + s + "'");
            }
        }
    }

    /** The half a text with this id belongs to. */
    public static Half half(String id) {
        try {
            byte first = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8))[0];
            return (first & 1) == 0 ? Half.AUTHORING : Half.CHECK;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
