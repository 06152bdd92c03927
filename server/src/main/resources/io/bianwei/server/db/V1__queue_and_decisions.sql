-- The moderation console's first schema: the review queue, the moderators' decisions, the models trained on them.
-- Applied by ModerationStore in one transaction with PRAGMA user_version = 1.

-- A document that reached REVIEW, once per (document id, ruleset version).
CREATE TABLE queue_item (
  item         INTEGER PRIMARY KEY,
  doc_id       TEXT    NOT NULL,
  ruleset      TEXT    NOT NULL,
  model        TEXT,
  text         TEXT    NOT NULL,
  result       TEXT    NOT NULL,   -- the result object as /v1/screen answered it
  verdict      TEXT    NOT NULL,
  score        INTEGER NOT NULL,
  top_category TEXT,
  source       TEXT    NOT NULL,   -- api, server (--queue-review), import
  queued_at    TEXT    NOT NULL,   -- ISO-8601 UTC
  decision     INTEGER,            -- the decision that closed it; NULL while it waits
  UNIQUE (doc_id, ruleset)
);
CREATE INDEX queue_item_open ON queue_item (decision, score DESC, item);

-- The rules and categories of an item's findings, for the queue's filters.
CREATE TABLE queue_finding (
  item     INTEGER NOT NULL REFERENCES queue_item (item),
  rule     TEXT    NOT NULL,
  category TEXT    NOT NULL,
  PRIMARY KEY (item, rule, category)
) WITHOUT ROWID;
CREATE INDEX queue_finding_rule ON queue_finding (rule, item);
CREATE INDEX queue_finding_category ON queue_finding (category, item);

-- A moderator's decision. Undone decisions stay (undone_at set) for the record; the latest decision of a document
-- that is not undone is the one that counts.
CREATE TABLE decision (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  doc_id           TEXT    NOT NULL,
  text             TEXT    NOT NULL,
  label            TEXT    NOT NULL CHECK (label IN ('flag', 'ok')),
  category         TEXT,
  moderator        TEXT    NOT NULL,
  key_id           TEXT,             -- the first 12 hex digits of the API key's SHA-256 (NULL without keys)
  decided_at       TEXT    NOT NULL,
  ruleset          TEXT,             -- the ruleset version that screened it (NULL: decided outside the queue)
  model            TEXT,             -- the learned verdict's model version that screened it
  screener_verdict TEXT,             -- the verdict the screener gave
  screener_score   INTEGER,
  item             INTEGER REFERENCES queue_item (item),
  source           TEXT    NOT NULL, -- console or api
  undone_at        TEXT,
  CHECK (label = 'ok' OR category IS NOT NULL)
);
CREATE INDEX decision_doc ON decision (doc_id, seq);

-- Models trained on decisions: candidate (trained, waiting for an admin), active (served), rejected, retired.
CREATE TABLE model (
  version    TEXT    PRIMARY KEY,
  file       TEXT    NOT NULL,      -- relative to the data folder
  trained_at TEXT    NOT NULL,
  status     TEXT    NOT NULL CHECK (status IN ('candidate', 'active', 'rejected', 'retired')),
  texts      INTEGER NOT NULL,      -- training texts (decisions and --training texts)
  figures    TEXT,                  -- before/after figures on held-back decisions (JSON)
  decided_by TEXT,
  decided_at TEXT
);

-- Which decisions trained which model.
CREATE TABLE model_decision (
  model TEXT    NOT NULL REFERENCES model (version),
  seq   INTEGER NOT NULL REFERENCES decision (seq),
  PRIMARY KEY (model, seq)
) WITHOUT ROWID;
