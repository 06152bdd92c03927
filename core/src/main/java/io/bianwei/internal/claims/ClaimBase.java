package io.bianwei.internal.claims;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bianwei.PackWarning;
import io.bianwei.RulePackException.Problem;
import io.bianwei.internal.text.Source;
import io.bianwei.internal.match.TermList;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A pack's knowledge base of debunked claims ({@code claims/*.jsonl}): one JSON object per line, each a false claim
 * that circulates in ever new words, with the key terms that confirm a re-post of it, public debunks, a correction and
 * examples (see the rule-author guide). Loading checks every line and names {@code file:line} for what is wrong; an
 * entry with an error is left out (and the pack does not build). Immutable once loaded.
 *
 * <p>A key group's term {@code @name} stands for every term of the pack's term list {@code name} (a list of synonyms
 * kept once for many claims).
 */
public final class ClaimBase {
    /** The three roles a key group plays; every THING and EFFECT group must be met for a match. */
    public enum Role {
        THING, RELATION, EFFECT;

        /** Whether a match needs this group (THING and EFFECT) or it only adds support (RELATION). */
        public boolean required() {
            return this != RELATION;
        }

        static Role of(String s) {
            return switch (s) {
                case "thing" -> THING;
                case "relation" -> RELATION;
                case "effect" -> EFFECT;
                default -> null;
            };
        }
    }

    /**
     * A key group: its role and its terms as written, {@code @list} references expanded ({@code written} keeps them).
     */
    public record KeyGroup(Role role, List<String> terms, List<String> written) {
        public KeyGroup {
            terms = List.copyOf(terms);
            written = List.copyOf(written);
        }
    }

    /** A public debunk: {@code title} is the published title, or the editor's description of the source. */
    public record Reference(String publisher, String title, String url, String date) {
    }

    /** One debunked claim, with where it was read ({@code file:line}). */
    public record Entry(String id, String claim, String category, String family, List<KeyGroup> keys,
                        List<Reference> sources, String correction, List<String> reposts, List<String> debunks,
                        String file, int line) {
        public Entry {
            keys = List.copyOf(keys);
            sources = List.copyOf(sources);
            reposts = List.copyOf(reposts);
            debunks = List.copyOf(debunks);
        }

        /** {@code file:line}, for messages. */
        public String where() {
            return file + ":" + line;
        }
    }

    /** The families a claim may name, per category (the rule pack's taxonomy). */
    public static final Map<String, Set<String>> FAMILIES = Map.of(
            "pseudo_science", Set.of("acid_alkaline", "anti_medicine", "antiaging", "anticancer_food", "body_repair",
                    "cancer_scare", "chronic_cure", "conspiracy", "covid_cure", "covid_transmission", "detox",
                    "education_miracle", "energy_magnet", "fake_authority", "fake_food", "fear_alarm", "folk_healer",
                    "food_cure", "food_incompatibility", "gmo_myth", "graphene_nano", "health_myth_misc",
                    "hydrogen_water", "miracle_cure", "outbreak_rumour", "quantum_gadget", "radiation_scare",
                    "science_sales", "superstition_science", "supplement_overclaim", "testimonial", "vaccine_myth",
                    "viral_bait", "water_myth", "weight_loss_miracle"),
            "privacy_abuse", Set.of("call_records", "camera_crack", "data_dump_sale", "doxxing_service",
                    "face_swap_private", "feed_sale", "hotel_records", "id_kit_trade", "location_tracking",
                    "parcel_data", "phone_control", "social_engineering_db", "spycam_device", "spycam_tutorial",
                    "voyeur_video"));

    /** How many groups of each role an entry may have: thing 1-3, relation 0-2, effect 1-2. */
    private static final Map<Role, int[]> GROUPS = Map.of(Role.THING, new int[]{1, 3}, Role.RELATION, new int[]{0, 2},
            Role.EFFECT, new int[]{1, 2});
    /** Terms a group may hold after {@code @list} expansion; more is a class, not a key. */
    public static final int MAX_GROUP_TERMS = 40;
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*/[a-z0-9]+(?:-[a-z0-9]+)*");
    private static final Pattern DATE = Pattern.compile("\\d{4}(?:-\\d{2}(?:-\\d{2})?)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ClaimBase EMPTY = new ClaimBase(List.of(), "none");

    private final List<Entry> entries;
    private final Map<String, Entry> byId;
    private final String version;

    private ClaimBase(List<Entry> entries, String version) {
        this.entries = List.copyOf(entries);
        Map<String, Entry> m = new LinkedHashMap<>();
        for (Entry e : entries) {
            m.put(e.id(), e);
        }
        this.byId = java.util.Collections.unmodifiableMap(m);
        this.version = version;
    }

    /** A base with no claims. */
    public static ClaimBase empty() {
        return EMPTY;
    }

    /**
     * Reads {@code claims/*.jsonl} sources. Errors (bad JSON, a missing field, an unknown category or family, key
     * groups out of bounds, a duplicate id) go to {@code problems} with {@code file:line} and leave the entry out;
     * what an editor should look at (sources without url or date, very large or very small groups, missing examples)
     * goes to {@code warnings}.
     *
     * @param lists the pack's term lists, for {@code @name} references in key groups
     */
    public static ClaimBase load(List<Source> sources, Map<String, TermList> lists, List<Problem> problems,
                                 List<PackWarning> warnings) {
        if (sources.isEmpty()) {
            return EMPTY;
        }
        List<Entry> out = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>(); // id -> where
        List<Source> sorted = new ArrayList<>(sources);
        for (Source s : sorted) {
            String file = s.name();
            String[] lines = s.content().split("\r?\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty()) {
                    continue;
                }
                int lineNo = i + 1;
                Reader r = new Reader(file, lineNo, problems, warnings);
                Entry e = r.entry(line, lists);
                if (e == null) {
                    continue;
                }
                String prev = seen.putIfAbsent(e.id(), e.where());
                if (prev != null) {
                    problems.add(new Problem(file, lineNo, "duplicate claim id " + e.id() + " (first at " + prev + ")"));
                    continue;
                }
                out.add(e);
            }
        }
        return new ClaimBase(out, digest(sources));
    }

    /** Parses one line; null (with problems added) when the entry cannot be used. */
    private static final class Reader {
        final String file;
        final int line;
        final List<Problem> problems;
        final List<PackWarning> warnings;
        final int before;
        String id;

        Reader(String file, int line, List<Problem> problems, List<PackWarning> warnings) {
            this.file = file;
            this.line = line;
            this.problems = problems;
            this.warnings = warnings;
            this.before = problems.size();
        }

        void error(String message) {
            problems.add(new Problem(file, line, (id == null ? "" : id + ": ") + message));
        }

        void warn(String message) {
            warnings.add(new PackWarning(file, line, id, PackWarning.Kind.CLAIMS, message));
        }

        Entry entry(String json, Map<String, TermList> lists) {
            JsonNode n;
            try {
                n = JSON.readTree(json);
            } catch (JsonProcessingException e) {
                String m = e.getOriginalMessage();
                error("not valid JSON (" + (m == null ? "parse error" : m.lines().findFirst().orElse(m))
                        + " at column " + e.getLocation().getColumnNr() + ")");
                return null;
            }
            if (n == null || !n.isObject()) {
                error("a claim must be one JSON object per line");
                return null;
            }
            id = text(n, "id", true);
            if (id != null && !ID.matcher(id).matches()) {
                error("id must be <family>/<lowercase-slug-with-hyphens>, e.g. food_incompatibility/durian-cola");
            }
            String claim = text(n, "claim", true);
            String category = text(n, "category", true);
            String family = text(n, "family", true);
            String correction = text(n, "correction", true);
            if (category != null && !FAMILIES.containsKey(category)) {
                error("unknown category '" + category + "' (pseudo_science or privacy_abuse)");
            } else if (category != null && family != null && !FAMILIES.get(category).contains(family)) {
                error("unknown family '" + family + "' for " + category + " (one of "
                        + new java.util.TreeSet<>(FAMILIES.get(category)) + ")");
            }
            if (id != null && family != null && id.contains("/") && !id.startsWith(family + "/")) {
                warn("id does not start with its family '" + family + "/'");
            }
            List<KeyGroup> keys = keys(n.get("keys"), lists);
            List<Reference> refs = sources(n.get("sources"));
            List<String> reposts = List.of();
            List<String> debunks = List.of();
            JsonNode ex = n.get("examples");
            if (ex == null || !ex.isObject()) {
                warn("no examples: the entry cannot be tested");
            } else {
                reposts = strings(ex.get("repost"), "examples.repost");
                debunks = strings(ex.get("debunk"), "examples.debunk");
                if (reposts.isEmpty()) {
                    warn("no example re-post: nothing shows the keys find the claim");
                }
                if (debunks.isEmpty()) {
                    warn("no example debunk: nothing shows a debunk of the claim passes");
                }
            }
            if (problems.size() > before) {
                return null;
            }
            return new Entry(id, claim, category, family, keys, refs, correction, reposts, debunks, file, line);
        }

        String text(JsonNode n, String field, boolean required) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
                if (required) {
                    error("missing field '" + field + "'");
                }
                return null;
            }
            if (!v.isTextual()) {
                error("'" + field + "' must be a string");
                return null;
            }
            return v.asText().strip();
        }

        List<String> strings(JsonNode v, String field) {
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (!v.isArray()) {
                error("'" + field + "' must be an array of strings");
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (JsonNode x : v) {
                if (!x.isTextual() || x.asText().isBlank()) {
                    error("'" + field + "' must hold non-empty strings");
                    return List.of();
                }
                out.add(x.asText().strip());
            }
            return out;
        }

        List<KeyGroup> keys(JsonNode v, Map<String, TermList> lists) {
            if (v == null || !v.isArray() || v.isEmpty()) {
                error("missing field 'keys' (an array of {\"role\": thing|relation|effect, \"any\": [terms]})");
                return List.of();
            }
            List<KeyGroup> out = new ArrayList<>();
            Map<Role, Integer> counts = new java.util.EnumMap<>(Role.class);
            int k = 0;
            for (JsonNode g : v) {
                k++;
                String where = "keys[" + k + "]";
                if (!g.isObject()) {
                    error(where + " must be an object {\"role\": …, \"any\": […]}");
                    continue;
                }
                JsonNode roleNode = g.get("role");
                Role role = roleNode == null || !roleNode.isTextual() ? null : Role.of(roleNode.asText());
                if (role == null) {
                    error(where + ": role must be thing, relation or effect, got " + roleNode);
                    continue;
                }
                counts.merge(role, 1, Integer::sum);
                List<String> written = strings(g.get("any"), where + ".any");
                if (written.isEmpty()) {
                    error(where + " (" + role.name().toLowerCase(java.util.Locale.ROOT) + ") has no terms");
                    continue;
                }
                LinkedHashSet<String> terms = new LinkedHashSet<>();
                for (String t : written) {
                    if (t.startsWith("@")) {
                        TermList l = lists.get(t.substring(1));
                        if (l == null) {
                            error(where + ": unknown term list '" + t.substring(1) + "' in '" + t + "'");
                        } else {
                            terms.addAll(l.terms());
                        }
                    } else {
                        terms.add(t);
                    }
                }
                if (terms.size() > MAX_GROUP_TERMS) {
                    warn(where + " (" + role.name().toLowerCase(java.util.Locale.ROOT) + ") holds " + terms.size()
                            + " terms: a class, not a key (keep " + MAX_GROUP_TERMS + " or fewer specific terms)");
                }
                out.add(new KeyGroup(role, new ArrayList<>(terms), written));
            }
            for (Role r : Role.values()) {
                int c = counts.getOrDefault(r, 0);
                int[] b = GROUPS.get(r);
                if (c < b[0] || c > b[1]) {
                    error("keys: " + c + " " + r.name().toLowerCase(java.util.Locale.ROOT) + " group(s); "
                            + b[0] + "-" + b[1] + " allowed");
                }
            }
            return out;
        }

        List<Reference> sources(JsonNode v) {
            if (v == null || !v.isArray() || v.isEmpty()) {
                error("missing field 'sources' (1-3 public debunks: publisher, title, url, date)");
                return List.of();
            }
            if (v.size() > 3) {
                warn("more than 3 sources");
            }
            List<Reference> out = new ArrayList<>();
            int k = 0;
            for (JsonNode s : v) {
                k++;
                if (!s.isObject()) {
                    error("sources[" + k + "] must be an object");
                    continue;
                }
                String publisher = text(s, "publisher", false);
                String title = text(s, "title", false);
                if (title == null) {
                    title = text(s, "description", false); // the editor's cleaned shape
                }
                String url = text(s, "url", false);
                String date = text(s, "date", false);
                if (publisher == null) {
                    error("sources[" + k + "]: missing field 'publisher'");
                    continue;
                }
                if (title == null) {
                    warn("sources[" + k + "] (" + publisher + ") has neither title nor description");
                }
                if (url == null) {
                    warn("sources[" + k + "] (" + publisher + ") has no url: a weak source");
                } else if (!url.startsWith("https://") && !url.startsWith("http://")) {
                    error("sources[" + k + "]: url must start with http:// or https://");
                }
                if (date == null) {
                    warn("sources[" + k + "] (" + publisher + ") has no date");
                } else if (!DATE.matcher(date).matches()) {
                    error("sources[" + k + "]: date must be YYYY-MM-DD, YYYY-MM or YYYY, got " + date);
                }
                out.add(new Reference(publisher, title, url, date));
            }
            return out;
        }
    }

    private static String digest(List<Source> sources) {
        return Source.digest(sources);
    }

    /** The entries, in file and line order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The entry with this id, or null. */
    public Entry get(String id) {
        return byId.get(id);
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** A digest of the claim files (names and contents), to fold into the ruleset version; "none" when empty. */
    public String version() {
        return version;
    }
}
