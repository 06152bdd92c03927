package io.bianwei.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bianwei.Finding;
import io.bianwei.ScreeningResult;
import io.bianwei.Verdict;
import io.bianwei.json.Jsonl;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The moderation console's database: embedded SQLite ({@code DATA/bianwei.db}) in WAL mode with
 * {@code synchronous=FULL}, so a decision acknowledged to a moderator is on disk before the answer leaves (a process
 * killed with {@code kill -9}, or a machine that loses power, keeps it). The schema is versioned by numbered SQL
 * scripts ({@code db/V<n>__*.sql} beside this class), each applied in one transaction together with
 * {@code PRAGMA user_version = n}: SQLite's DDL is transactional, so a migration is applied wholly or not at all.
 *
 * <p>What it keeps: the review queue (a document id enters it once per ruleset version), the decisions (undone ones
 * stay, marked), and the models trained on them with the decisions each was trained on. One connection writes (its
 * calls are serialised), another reads; other processes ({@code bianwei queue import}, {@code decisions export}) may
 * open the same file at the same time (SQLite locks, waiting up to 10 s).
 */
public final class ModerationStore implements AutoCloseable {
    /** The database file inside the data folder. */
    public static final String FILE = "bianwei.db";
    /** The schema version this code writes (the highest migration). */
    static final int SCHEMA_VERSION = 1;
    private static final String[] MIGRATIONS = {"V1__queue_and_decisions.sql"};
    /** Share of documents (by a hash of their id) held back from training to measure models on: 1 in 5. */
    public static final int HELD_BACK_PER_256 = 51;

    private final Path dataDir;
    private final Connection writer;
    private final Connection reader;
    private final Clock clock;

    private ModerationStore(Path dataDir, Connection writer, Connection reader, Clock clock) {
        this.dataDir = dataDir;
        this.writer = writer;
        this.reader = reader;
        this.clock = clock;
    }

    /**
     * Opens (creating the folder and the database when missing) and migrates the store of a data folder.
     *
     * @throws IOException when the folder cannot be made, or the database cannot be opened or is newer than this code
     */
    public static ModerationStore open(Path dataDir) throws IOException {
        return open(dataDir, Clock.systemUTC());
    }

    static ModerationStore open(Path dataDir, Clock clock) throws IOException {
        Files.createDirectories(dataDir);
        Path db = dataDir.resolve(FILE);
        Connection w = null;
        Connection r = null;
        try {
            w = connect(db, false);
            migrate(w, db);
            r = connect(db, true);
            return new ModerationStore(dataDir, w, r, clock);
        } catch (SQLException e) {
            closeQuietly(w);
            closeQuietly(r);
            throw new IOException("cannot open the moderation database " + db + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path db, boolean readOnly) throws SQLException {
        SQLiteConfig c = new SQLiteConfig();
        if (!readOnly) {
            c.setJournalMode(SQLiteConfig.JournalMode.WAL); // persistent: the file stays in WAL mode
        }
        c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        c.enforceForeignKeys(true);
        c.setBusyTimeout(10_000);
        c.setReadOnly(readOnly);
        return DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath(), c.toProperties());
    }

    private static void migrate(Connection c, Path db) throws SQLException, IOException {
        int version;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version > SCHEMA_VERSION) {
            throw new IOException(db + " has schema version " + version + ", newer than this bianwei knows ("
                    + SCHEMA_VERSION + "): use the bianwei that wrote it, or a newer one");
        }
        for (int v = version + 1; v <= SCHEMA_VERSION; v++) {
            String script = script(MIGRATIONS[v - 1]);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String stmt : statements(script)) {
                    s.execute(stmt);
                }
                s.execute("PRAGMA user_version = " + v);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException("migration " + MIGRATIONS[v - 1] + " failed: " + e.getMessage(), e);
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static String script(String name) throws IOException {
        try (InputStream in = ModerationStore.class.getResourceAsStream("db/" + name)) {
            if (in == null) {
                throw new IOException("migration " + name + " is missing from the server jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The statements of a script: comments (-- to the end of the line) dropped, split at semicolons. */
    static List<String> statements(String script) {
        StringBuilder sb = new StringBuilder();
        for (String line : script.split("\n")) {
            int dash = line.indexOf("--");
            sb.append(dash >= 0 ? line.substring(0, dash) : line).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String s : sb.toString().split(";")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /** The data folder. */
    public Path dataDir() {
        return dataDir;
    }

    /** The schema version of the open database. */
    int schemaVersion() {
        synchronized (reader) {
            try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                return rs.next() ? rs.getInt(1) : 0;
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    private String now() {
        return clock.instant().toString();
    }

    private static StoreException failure(SQLException e) {
        return new StoreException("the moderation database failed: " + e.getMessage(), e);
    }

    /** The database failed (disk full, file locked for too long, corrupt). */
    public static final class StoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A request the store refuses: an unknown item or decision, an item already decided, a bad label. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** Whether a document (by id) is held back from training to measure models on: 1 in 5, by SHA-256 of its id. */
    public static boolean heldBack(String docId) {
        try {
            byte first = MessageDigest.getInstance("SHA-256").digest(docId.getBytes(StandardCharsets.UTF_8))[0];
            return (first & 0xff) < HELD_BACK_PER_256;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first 12 hex digits of SHA-256 of a key: names a key in the record without revealing it. */
    static String keyId(byte[] digest) {
        return digest == null ? null : java.util.HexFormat.of().formatHex(digest).substring(0, 12);
    }

    // --- the queue -------------------------------------------------------------------------------------------------

    /**
     * A screened document to queue.
     *
     * @param text   the original text
     * @param result the screening result
     * @param json   the result object as the service answered it
     * @param model  the model version that screened it (null: hand weights)
     * @param source api, server or import
     */
    public record Screened(String text, ScreeningResult result, ObjectNode json, String model, String source) {
        public Screened {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(json, "json");
            Objects.requireNonNull(result.id(), "a queued document needs an id");
        }
    }

    /**
     * Queues the documents that are REVIEW (others are left out), each once per (id, ruleset version), in one
     * transaction, on disk when this returns.
     *
     * @return per document, true when it entered the queue now (false: not REVIEW, or already queued under this
     * ruleset version)
     */
    public boolean[] enqueue(List<Screened> docs) {
        boolean[] out = new boolean[docs.size()];
        if (docs.stream().noneMatch(d -> d.result().verdict() == Verdict.REVIEW)) {
            return out;
        }
        return transaction(() -> {
            try (PreparedStatement item = writer.prepareStatement("INSERT OR IGNORE INTO queue_item (doc_id, "
                    + "ruleset, model, text, result, verdict, score, top_category, source, queued_at) VALUES "
                    + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement finding = writer.prepareStatement("INSERT OR IGNORE INTO queue_finding (item, "
                         + "rule, category) VALUES (?, ?, ?)")) {
                String now = now();
                for (int i = 0; i < docs.size(); i++) {
                    Screened d = docs.get(i);
                    ScreeningResult r = d.result();
                    if (r.verdict() != Verdict.REVIEW) {
                        continue;
                    }
                    item.setString(1, r.id());
                    item.setString(2, r.rulesetVersion());
                    item.setString(3, d.model());
                    item.setString(4, d.text());
                    item.setString(5, Jsonl.write(d.json()));
                    item.setString(6, r.verdict().name());
                    item.setInt(7, r.score());
                    item.setString(8, topCategory(r));
                    item.setString(9, d.source());
                    item.setString(10, now);
                    if (item.executeUpdate() == 0) {
                        continue; // already queued under this ruleset version
                    }
                    long id;
                    try (ResultSet keys = item.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                    out[i] = true;
                    for (Finding f : r.findings()) {
                        finding.setLong(1, id);
                        finding.setString(2, f.ruleId());
                        finding.setString(3, f.category());
                        finding.addBatch();
                    }
                    finding.executeBatch();
                }
            }
            return out;
        });
    }

    private static String topCategory(ScreeningResult r) {
        return r.categoryScores().entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse(null);
    }

    /** Work inside one transaction of the writer connection. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} as one transaction of the writer connection: committed when it returns, rolled back when
     * anything is thrown (a refusal, a failed statement, a bug), so that no half of a transaction is committed when
     * auto-commit is turned back on.
     */
    private <T> T transaction(Work<T> work) {
        synchronized (writer) {
            try {
                writer.setAutoCommit(false);
                T out = work.run();
                writer.commit();
                return out;
            } catch (SQLException e) {
                rollback();
                throw failure(e);
            } catch (RuntimeException | Error e) {
                rollback();
                throw e;
            } finally {
                autoCommit();
            }
        }
    }

    private void rollback() {
        try {
            writer.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the original failure is reported
        }
    }

    private void autoCommit() {
        try {
            writer.setAutoCommit(true);
        } catch (SQLException ignored) {
            // reported by the next call
        }
    }

    /** An item of the queue. */
    public record QueueItem(long item, String docId, String ruleset, String model, String text, String result,
                            String verdict, int score, String topCategory, String source, String queuedAt,
                            Long decision) {
    }

    private static final String ITEM_COLUMNS = "q.item, q.doc_id, q.ruleset, q.model, q.text, q.result, q.verdict, "
            + "q.score, q.top_category, q.source, q.queued_at, q.decision";

    private static QueueItem item(ResultSet rs) throws SQLException {
        long d = rs.getLong(12);
        Long decision = rs.wasNull() ? null : d;
        return new QueueItem(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9), rs.getString(10), rs.getString(11),
                decision);
    }

    /** What waits in the queue: highest score first, then oldest; optionally only items with a category or rule. */
    public List<QueueItem> waiting(String category, String rule, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + ITEM_COLUMNS + " FROM queue_item q WHERE q.decision IS NULL");
        List<String> args = new ArrayList<>();
        filter(sql, args, category, rule);
        sql.append(" ORDER BY q.score DESC, q.item LIMIT ?");
        synchronized (reader) {
            try (PreparedStatement ps = reader.prepareStatement(sql.toString())) {
                int k = 1;
                for (String a : args) {
                    ps.setString(k++, a);
                }
                ps.setInt(k, limit);
                List<QueueItem> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(item(rs));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    private static void filter(StringBuilder sql, List<String> args, String category, String rule) {
        if (category != null && !category.isBlank()) {
            sql.append(" AND EXISTS (SELECT 1 FROM queue_finding f WHERE f.item = q.item AND f.category = ?)");
            args.add(category);
        }
        if (rule != null && !rule.isBlank()) {
            sql.append(" AND EXISTS (SELECT 1 FROM queue_finding f WHERE f.item = q.item AND f.rule = ?)");
            args.add(rule);
        }
    }

    /** Counts of what waits: in all, and per category and per rule of the waiting items' findings. */
    public record Waiting(int total, Map<String, Integer> categories, Map<String, Integer> rules) {
    }

    public Waiting waitingCounts() {
        synchronized (reader) {
            try (Statement s = reader.createStatement()) {
                int total;
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM queue_item WHERE decision IS NULL")) {
                    total = rs.next() ? rs.getInt(1) : 0;
                }
                Map<String, Integer> cats = new TreeMap<>();
                Map<String, Integer> rules = new TreeMap<>();
                try (ResultSet rs = s.executeQuery("SELECT f.category, COUNT(DISTINCT f.item) FROM queue_finding f "
                        + "JOIN queue_item q ON q.item = f.item WHERE q.decision IS NULL GROUP BY f.category")) {
                    while (rs.next()) {
                        cats.put(rs.getString(1), rs.getInt(2));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT f.rule, COUNT(DISTINCT f.item) FROM queue_finding f "
                        + "JOIN queue_item q ON q.item = f.item WHERE q.decision IS NULL GROUP BY f.rule")) {
                    while (rs.next()) {
                        rules.put(rs.getString(1), rs.getInt(2));
                    }
                }
                return new Waiting(total, cats, rules);
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    /** An item by number, or null. */
    public QueueItem item(long item) {
        synchronized (reader) {
            try (PreparedStatement ps = reader.prepareStatement("SELECT " + ITEM_COLUMNS
                    + " FROM queue_item q WHERE q.item = ?")) {
                ps.setLong(1, item);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? item(rs) : null;
                }
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    // --- decisions -------------------------------------------------------------------------------------------------

    /** Who decides: a name (typed at sign-in, or given by a platform's tool) and the API key's id (null without keys). */
    public record Moderator(String name, String keyId) {
        public Moderator {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A decision as stored.
     *
     * @param seq the decision's number (ascending in the order they were made)
     */
    public record Decision(long seq, String docId, String text, String label, String category, String moderator,
                           String keyId, String decidedAt, String ruleset, String model, String screenerVerdict,
                           Integer screenerScore, Long item, String source, String undoneAt) {
        /** Whether it is held back from training (by a hash of the document id). */
        public boolean heldBack() {
            return ModerationStore.heldBack(docId);
        }

        public boolean flag() {
            return label.equals("flag");
        }

        /** The line {@code decisions export} writes: labelled JSONL as {@code learn} and {@code eval} read it. */
        public ObjectNode toJson() {
            ObjectNode o = Jsonl.mapper().createObjectNode();
            o.put("id", docId).put("text", text).put("label", label);
            if (category == null) {
                o.putNull("category");
            } else {
                o.put("category", category);
            }
            o.put("moderator", moderator).put("keyId", keyId).put("decidedAt", decidedAt).put("ruleset", ruleset)
                    .put("model", model).put("screenerVerdict", screenerVerdict);
            if (screenerScore == null) {
                o.putNull("screenerScore");
            } else {
                o.put("screenerScore", screenerScore);
            }
            o.put("source", source).put("decision", seq).put("heldBack", heldBack());
            if (undoneAt != null) {
                o.put("undoneAt", undoneAt);
            }
            return o;
        }
    }

    private static final String DECISION_COLUMNS = "d.seq, d.doc_id, d.text, d.label, d.category, d.moderator, "
            + "d.key_id, d.decided_at, d.ruleset, d.model, d.screener_verdict, d.screener_score, d.item, d.source, "
            + "d.undone_at";

    private static Decision decision(ResultSet rs) throws SQLException {
        int score = rs.getInt(12);
        Integer s = rs.wasNull() ? null : score;
        long item = rs.getLong(13);
        Long i = rs.wasNull() ? null : item;
        return new Decision(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), s, i, rs.getString(14), rs.getString(15));
    }

    /** {@code flag} or {@code ok} (any case); a flag needs a one-word category. */
    static String checkLabel(String label, String category) {
        String l = label == null ? "" : label.strip().toLowerCase(java.util.Locale.ROOT);
        if (!l.equals("flag") && !l.equals("ok")) {
            throw new Refused(400, "label must be 'flag' or 'ok', got " + (label == null ? "none" : "'" + label + "'"));
        }
        if (l.equals("flag") && (category == null || !category.strip().matches("[\\p{L}\\p{N}_-]{1,64}"))) {
            throw new Refused(400, "a flag decision needs its category (one word, e.g. pseudo_science), got "
                    + (category == null ? "none" : "'" + category + "'"));
        }
        return l;
    }

    /**
     * Decides a queue item: records the decision and closes the item, in one transaction, on disk when this returns.
     *
     * @throws Refused 404 for an unknown item, 409 when it was decided already
     */
    public Decision decide(long item, String label, String category, Moderator who) {
        String l = checkLabel(label, category);
        String cat = l.equals("flag") ? category.strip() : null;
        return transaction(() -> {
            QueueItem q;
            try (PreparedStatement ps = writer.prepareStatement("SELECT " + ITEM_COLUMNS
                    + " FROM queue_item q WHERE q.item = ?")) {
                ps.setLong(1, item);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new Refused(404, "no queue item " + item);
                    }
                    q = item(rs);
                }
            }
            if (q.decision() != null) {
                throw new Refused(409, "queue item " + item + " (document " + q.docId() + ") was decided "
                        + "already (decision " + q.decision() + ")");
            }
            long seq = insertDecision(q.docId(), q.text(), l, cat, who, q.ruleset(), q.model(), q.verdict(),
                    q.score(), q.item(), "console");
            try (PreparedStatement ps = writer.prepareStatement("UPDATE queue_item SET decision = ? WHERE item = ?")) {
                ps.setLong(1, seq);
                ps.setLong(2, item);
                ps.executeUpdate();
            }
            return decisionBy(writer, seq);
        });
    }

    private long insertDecision(String docId, String text, String label, String category, Moderator who,
                                String ruleset, String model, String verdict, Integer score, Long item, String source)
            throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement("INSERT INTO decision (doc_id, text, label, category, "
                + "moderator, key_id, decided_at, ruleset, model, screener_verdict, screener_score, item, source) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, docId);
            ps.setString(2, text);
            ps.setString(3, label);
            ps.setString(4, category);
            ps.setString(5, who.name());
            ps.setString(6, who.keyId());
            ps.setString(7, now());
            ps.setString(8, ruleset);
            ps.setString(9, model);
            ps.setString(10, verdict);
            if (score == null) {
                ps.setNull(11, Types.INTEGER);
            } else {
                ps.setInt(11, score);
            }
            if (item == null) {
                ps.setNull(12, Types.INTEGER);
            } else {
                ps.setLong(12, item);
            }
            ps.setString(13, source);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /**
     * A decision from a platform's own tools ({@code POST /v1/decisions}).
     *
     * @param text null to take the text of the document's queue item
     */
    public record Incoming(String docId, String text, String label, String category, String moderator) {
    }

    /**
     * Records decisions made outside the console, in one transaction (all or none). A document waiting in the queue
     * (under any ruleset version) is closed by its decision, which then carries what the screener said.
     *
     * @throws Refused 400 when a decision has no text and its document is not in the queue, or a label is bad
     */
    public List<Decision> record(List<Incoming> incoming, Moderator who) {
        return transaction(() -> {
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < incoming.size(); i++) {
                Incoming in = incoming.get(i);
                String where = incoming.size() == 1 ? "" : "$[" + i + "]: ";
                if (in.docId() == null || in.docId().isBlank()) {
                    throw new Refused(400, where + "a decision needs the document's 'id'");
                }
                String l;
                try {
                    l = checkLabel(in.label(), in.category());
                } catch (Refused e) {
                    throw new Refused(400, where + e.getMessage());
                }
                QueueItem q = latestItem(in.docId());
                String text = in.text() != null ? in.text() : q != null ? q.text() : null;
                if (text == null) {
                    throw new Refused(400, where + "document '" + in.docId() + "' is not in the queue: give its "
                            + "'text' (the model learns from it)");
                }
                Moderator m = in.moderator() == null || in.moderator().isBlank() ? who
                        : new Moderator(in.moderator().strip(), who.keyId());
                long seq = insertDecision(in.docId(), text, l, l.equals("flag") ? in.category().strip() : null, m,
                        q == null ? null : q.ruleset(), q == null ? null : q.model(),
                        q == null ? null : q.verdict(), q == null ? null : q.score(), q == null ? null : q.item(),
                        "api");
                try (PreparedStatement ps = writer.prepareStatement("UPDATE queue_item SET decision = ? "
                        + "WHERE doc_id = ? AND decision IS NULL")) {
                    ps.setLong(1, seq);
                    ps.setString(2, in.docId());
                    ps.executeUpdate();
                }
                seqs.add(seq);
            }
            List<Decision> out = new ArrayList<>();
            for (long s : seqs) {
                out.add(decisionBy(writer, s));
            }
            return out;
        });
    }

    /** The newest queue item of a document (any ruleset, waiting first), or null. Writer connection, in its lock. */
    private QueueItem latestItem(String docId) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement("SELECT " + ITEM_COLUMNS + " FROM queue_item q WHERE "
                + "q.doc_id = ? ORDER BY q.decision IS NULL DESC, q.item DESC LIMIT 1")) {
            ps.setString(1, docId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? item(rs) : null;
            }
        }
    }

    /**
     * Undoes a decision: marks it undone (it stays in the record) and puts its queue item back in the queue.
     *
     * @param admin whether the caller may undo anyone's decision (otherwise only the same key's, or any without keys)
     * @throws Refused 404 unknown, 409 already undone, 403 another moderator's
     */
    public Decision undo(long seq, Moderator who, boolean admin) {
        return transaction(() -> {
            Decision d = decisionBy(writer, seq);
            if (d == null) {
                throw new Refused(404, "no decision " + seq);
            }
            if (d.undoneAt() != null) {
                throw new Refused(409, "decision " + seq + " was undone already");
            }
            if (!admin && !Objects.equals(d.keyId(), who.keyId())) {
                throw new Refused(403, "decision " + seq + " was made with another key: only an admin may undo it");
            }
            try (PreparedStatement ps = writer.prepareStatement("UPDATE decision SET undone_at = ? WHERE seq = ?")) {
                ps.setString(1, now());
                ps.setLong(2, seq);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = writer.prepareStatement("UPDATE queue_item SET decision = NULL "
                    + "WHERE decision = ?")) {
                ps.setLong(1, seq);
                ps.executeUpdate();
            }
            return decisionBy(writer, seq);
        });
    }

    private static Decision decisionBy(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + DECISION_COLUMNS + " FROM decision d WHERE d.seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? decision(rs) : null;
            }
        }
    }

    /** A decision by number, or null. */
    public Decision decision(long seq) {
        synchronized (reader) {
            try {
                return decisionBy(reader, seq);
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    /**
     * The decisions that count, in the order they were made: per document the latest that is not undone (a document
     * decided again replaces its earlier decision, as {@code learn} replaces a text of the same id).
     */
    public List<Decision> current() {
        return query("SELECT " + DECISION_COLUMNS + " FROM decision d WHERE d.undone_at IS NULL AND d.seq = "
                + "(SELECT MAX(e.seq) FROM decision e WHERE e.doc_id = d.doc_id AND e.undone_at IS NULL) ORDER BY d.seq");
    }

    /** Every decision, undone ones included, in the order they were made. */
    public List<Decision> all() {
        return query("SELECT " + DECISION_COLUMNS + " FROM decision d ORDER BY d.seq");
    }

    private List<Decision> query(String sql) {
        synchronized (reader) {
            try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                List<Decision> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(decision(rs));
                }
                return out;
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    /** Which decisions to export. */
    public enum HeldBack {
        /** every decision that counts */
        INCLUDE,
        /** only those that may train (what the console's retraining learns from) */
        EXCLUDE,
        /** only the held-back ones (what models are measured on) */
        ONLY
    }

    /**
     * Writes the decisions that count as labelled JSONL ({@code id, text, label, category} as {@code learn} and
     * {@code eval} read them, and who decided, when, with which ruleset and model and what the screener said).
     *
     * @return how many lines were written
     */
    public int export(Writer out, HeldBack which) throws IOException {
        int n = 0;
        for (Decision d : current()) {
            boolean held = d.heldBack();
            if (which == HeldBack.EXCLUDE && held || which == HeldBack.ONLY && !held) {
                continue;
            }
            out.write(Jsonl.write(d.toJson()));
            out.write('\n');
            n++;
        }
        return n;
    }

    /**
     * The screener's agreement with the moderators: of the queue items decided (REVIEW), how many were flag.
     *
     * @param decided REVIEW items decided (their current decision)
     * @param flagged of which flag
     */
    public record Agreement(int decided, int flagged) {
        public double rate() {
            return decided == 0 ? Double.NaN : (double) flagged / decided;
        }
    }

    public Agreement agreement() {
        int decided = 0;
        int flagged = 0;
        for (Decision d : current()) {
            if ("REVIEW".equals(d.screenerVerdict())) {
                decided++;
                if (d.flag()) {
                    flagged++;
                }
            }
        }
        return new Agreement(decided, flagged);
    }

    // --- models ----------------------------------------------------------------------------------------------------

    /** A model trained on decisions. */
    public record ModelRecord(String version, String file, String trainedAt, String status, int texts, String figures,
                              String decidedBy, String decidedAt) {
    }

    /** Records a trained model and the decisions it was trained on (one transaction). */
    public void addModel(String version, String file, int texts, Set<Long> trainedOn, String figures) {
        transaction(() -> {
            try (PreparedStatement ps = writer.prepareStatement("INSERT OR REPLACE INTO model (version, file, "
                    + "trained_at, status, texts, figures) VALUES (?, ?, ?, 'candidate', ?, ?)")) {
                ps.setString(1, version);
                ps.setString(2, file);
                ps.setString(3, now());
                ps.setInt(4, texts);
                ps.setString(5, figures);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = writer.prepareStatement("INSERT OR IGNORE INTO model_decision (model, seq) "
                    + "VALUES (?, ?)")) {
                for (long s : trainedOn) {
                    ps.setString(1, version);
                    ps.setLong(2, s);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Sets a model's status (the active one's predecessor becomes retired when another turns active). */
    public void modelStatus(String version, String status, String by) {
        transaction(() -> {
            if (status.equals("active")) {
                try (Statement s = writer.createStatement()) {
                    s.executeUpdate("UPDATE model SET status = 'retired' WHERE status = 'active'");
                }
            }
            try (PreparedStatement ps = writer.prepareStatement("UPDATE model SET status = ?, decided_by = ?, "
                    + "decided_at = ? WHERE version = ?")) {
                ps.setString(1, status);
                ps.setString(2, by);
                ps.setString(3, now());
                ps.setString(4, version);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Models, newest first. */
    public List<ModelRecord> models() {
        synchronized (reader) {
            try (Statement s = reader.createStatement(); ResultSet rs = s.executeQuery("SELECT version, file, "
                    + "trained_at, status, texts, figures, decided_by, decided_at FROM model ORDER BY trained_at DESC, "
                    + "rowid DESC")) {
                List<ModelRecord> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new ModelRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                }
                return out;
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    /** The decisions (by number) a model was trained on; empty for a model not trained here (the default one). */
    public Set<Long> trainedOn(String version) {
        synchronized (reader) {
            try (PreparedStatement ps = reader.prepareStatement("SELECT seq FROM model_decision WHERE model = ?")) {
                ps.setString(1, version);
                Set<Long> out = new LinkedHashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    /** Counts for the record: queue items, waiting items, decisions (undone ones included), undone decisions. */
    public Map<String, Integer> counts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        synchronized (reader) {
            try (Statement s = reader.createStatement()) {
                for (String[] q : new String[][]{{"queued", "SELECT COUNT(*) FROM queue_item"},
                        {"waiting", "SELECT COUNT(*) FROM queue_item WHERE decision IS NULL"},
                        {"decisions", "SELECT COUNT(*) FROM decision"},
                        {"undone", "SELECT COUNT(*) FROM decision WHERE undone_at IS NOT NULL"}}) {
                    try (ResultSet rs = s.executeQuery(q[1])) {
                        out.put(q[0], rs.next() ? rs.getInt(1) : 0);
                    }
                }
            } catch (SQLException e) {
                throw failure(e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        synchronized (writer) {
            closeQuietly(writer);
        }
        synchronized (reader) {
            closeQuietly(reader);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing
            }
        }
    }
}
