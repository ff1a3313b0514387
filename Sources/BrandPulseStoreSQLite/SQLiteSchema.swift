import GRDB

/// Named migrations; a shipped migration is never edited, only followed by a new one.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-create-mention") { db in
            try db.execute(sql: """
                CREATE TABLE source (
                    name TEXT PRIMARY KEY NOT NULL,
                    url TEXT NOT NULL,
                    etag TEXT,
                    last_modified TEXT,
                    last_attempt_at REAL,
                    last_success_at REAL,
                    last_status INTEGER,
                    last_error TEXT,
                    consecutive_failures INTEGER NOT NULL DEFAULT 0,
                    next_retry_at REAL,
                    last_entry_count INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE mention (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    source TEXT NOT NULL,
                    entry_key TEXT NOT NULL,
                    dedup_key TEXT NOT NULL UNIQUE,
                    text_key TEXT,
                    url TEXT,
                    title TEXT,
                    text TEXT NOT NULL,
                    author TEXT,
                    language TEXT NOT NULL,
                    published_at REAL NOT NULL,
                    fetched_at REAL NOT NULL,
                    followers INTEGER,
                    likes INTEGER,
                    reposts INTEGER,
                    comments INTEGER,
                    hashtags TEXT NOT NULL DEFAULT '',
                    UNIQUE (source, entry_key)
                );
                CREATE INDEX mention_published_at ON mention (published_at);
                CREATE UNIQUE INDEX mention_text_key ON mention (text_key) WHERE text_key IS NOT NULL;
                CREATE TABLE brand_mention (
                    mention_id INTEGER NOT NULL REFERENCES mention (id) ON DELETE CASCADE,
                    brand TEXT NOT NULL,
                    matched TEXT NOT NULL,
                    score REAL NOT NULL,
                    label TEXT NOT NULL,
                    intents TEXT NOT NULL DEFAULT '',
                    evidence TEXT NOT NULL DEFAULT '',
                    published_at REAL NOT NULL,
                    PRIMARY KEY (mention_id, brand)
                );
                CREATE INDEX brand_mention_brand_published_at ON brand_mention (brand, published_at);
                """)
        }
        migrator.registerMigration("v2-create-alert") { db in
            try db.execute(sql: """
                CREATE TABLE alert (
                    brand TEXT NOT NULL,
                    period TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    fired_at REAL NOT NULL,
                    negative_count INTEGER NOT NULL,
                    baseline REAL NOT NULL,
                    summary TEXT NOT NULL,
                    delivered_to TEXT NOT NULL DEFAULT '',
                    PRIMARY KEY (brand, period)
                );
                """)
        }
        migrator.registerMigration("v3-create-daily-aggregate") { db in
            try db.execute(sql: """
                CREATE TABLE daily_aggregate (
                    brand TEXT NOT NULL,
                    day TEXT NOT NULL,
                    volume INTEGER NOT NULL,
                    positive INTEGER NOT NULL,
                    neutral INTEGER NOT NULL,
                    negative INTEGER NOT NULL,
                    net_sentiment REAL,
                    nps REAL,
                    nps_by_author REAL,
                    cli REAL NOT NULL,
                    secure_share REAL,
                    forced_loyalty_share REAL,
                    share_of_voice REAL,
                    low_data INTEGER NOT NULL,
                    PRIMARY KEY (brand, day)
                );
                """)
        }
        // Mentions arrive in random date order, so this index dirtied a page per insert and each commit
        // wrote them all to the WAL. brand_mention carries published_at under its own (brand, date)
        // index, which serves every query; only prune scans, and prune is rare maintenance.
        migrator.registerMigration("v4-drop-mention-published-at-index") { db in
            try db.execute(sql: "DROP INDEX mention_published_at")
        }
        return migrator
    }
}
