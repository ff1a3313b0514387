import Foundation
import GRDB

/// Direct database access for migration tests.
enum SQLiteTestAccess {
    static func rollBack(path: String, toFirstMigrationOnly: Bool) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "DROP TABLE alert")
            try db.execute(sql: "DROP TABLE daily_aggregate")
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS mention_published_at ON mention (published_at)")
            try db.execute(sql: """
                DELETE FROM grdb_migrations
                WHERE identifier IN ('v2-create-alert', 'v3-create-daily-aggregate', 'v4-drop-mention-published-at-index')
                """)
        }
    }
}
