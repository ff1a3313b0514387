@testable import BrandPulseStorePostgres
import BrandPulseCore
import Foundation
import Testing

/// Messages users read. These need no server.
@Suite struct PostgresStoreErrorTests {
    @Test func refusedConnectionNamesTheServerWithoutThePassword() throws {
        // Port 1 on loopback: nothing listens there, so the kernel refuses at once.
        let error = #expect(throws: PostgresStoreError.self) {
            try PostgresMentionStore(url: "postgres://bp:s3cret@127.0.0.1:1/brandpulse")
        }
        #expect(error?.description
            == "cannot connect to postgres://bp@127.0.0.1:1/brandpulse: connection refused — is the server running?")
        #expect(error?.description.contains("s3cret") == false)
        #expect(error?.exitStatus == .fatal)
        #expect(error?.code == .connectionFailed)
        #expect(error?.detail?.contains("Connection refused") == true)
    }

    @Test(arguments: [
        ("postgres://bp:pw@db.example:5432/brandpulse", "postgres://bp@db.example:5432/brandpulse"),
        ("postgresql://bp:p%40ss@10.0.0.7/brandpulse?sslmode=require&password=x", "postgresql://bp@10.0.0.7/brandpulse"),
        ("postgres://127.0.0.1/brandpulse", "postgres://127.0.0.1/brandpulse"),
        ("host=db user=bp password=pw dbname=brandpulse", "host=db user=bp dbname=brandpulse"),
    ])
    func redactedURLHasNoPassword(input: String, expected: String) {
        #expect(PostgresURL(input).redacted == expected)
    }
}

extension PostgresMentionStoreTests {
    @Test func wrongPasswordSaysSo() throws {
        let admin = try #require(PostgresTestDatabase.adminURL)
        var components = try #require(URLComponents(string: admin))
        components.password = "not-the-password"
        let url = try #require(components.string)
        let error = #expect(throws: PostgresStoreError.self) { try PostgresMentionStore(url: url) }
        #expect(error?.message.contains("password authentication failed — check the user and password") == true)
        #expect(error?.description.contains("not-the-password") == false)
    }
}
