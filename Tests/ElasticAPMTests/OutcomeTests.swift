@testable import ElasticAPM
import Foundation
import APMTestSupport
import Testing

@Suite("Outcome gherkin tables", .enabled(if: SharedSpecs.isAvailable, SharedSpecs.skipMessage))
struct OutcomeFeatureTests {
    static func feature() throws -> GherkinFeature {
        GherkinFeature(try SharedSpecs.text("gherkin-specs/outcome.feature"))
    }

    @Test("HTTP status table of outcome.feature")
    func httpTable() throws {
        let rows = try #require(try Self.feature().scenario("HTTP transaction and span outcome")).examples
        #expect(rows.count == 7)
        for (index, row) in rows.enumerated() {
            let status = try #require(row["status"].flatMap { Int($0) }, "row \(index): status")
            // A negative status stands for "no status available".
            let code: Int? = status < 0 ? nil : status
            #expect(Outcome.httpClient(statusCode: code).rawValue == row["client"], "row \(index): client \(status)")
            #expect(Outcome.httpServer(statusCode: code).rawValue == row["server"], "row \(index): server \(status)")
            #expect(Outcome.httpClient(statusCode: status).rawValue == row["client"], "row \(index): client raw \(status)")
            #expect(Outcome.httpServer(statusCode: status).rawValue == row["server"], "row \(index): server raw \(status)")
        }
    }

    @Test("gRPC status table of outcome.feature")
    func grpcTable() throws {
        let rows = try #require(try Self.feature().scenario("gRPC transaction and span outcome")).examples
        #expect(rows.count == 18)
        for (index, row) in rows.enumerated() {
            let name = try #require(row["status"], "row \(index)")
            // 'n/a' stands for "no status available".
            let status: String? = name == "n/a" ? nil : name
            #expect(Outcome.grpcClient(status: status).rawValue == row["client"], "row \(index): client \(name)")
            #expect(Outcome.grpcServer(status: status).rawValue == row["server"], "row \(index): server \(name)")
            #expect(Outcome.grpcServer(status: name).rawValue == row["server"], "row \(index): server raw \(name)")
            if let status {
                let code = try #require(Outcome.grpcStatusNames.firstIndex(of: status), "row \(index): \(status) is a gRPC status")
                #expect(Outcome.grpcClient(code: code).rawValue == row["client"], "row \(index): client code \(code)")
                #expect(Outcome.grpcServer(code: code).rawValue == row["server"], "row \(index): server code \(code)")
                #expect(Outcome.grpcServer(status: status.lowercased()).rawValue == row["server"], "row \(index): lower-case")
            }
        }
    }
}

struct OutcomeTests {
    @Test func httpEdges() {
        #expect(Outcome.httpServer(statusCode: 499) == .success)
        #expect(Outcome.httpServer(statusCode: 599) == .failure)
        #expect(Outcome.httpServer(statusCode: nil) == .failure)
        #expect(Outcome.httpServer(statusCode: 0) == .failure)
        #expect(Outcome.httpClient(statusCode: 399) == .success)
        #expect(Outcome.httpClient(statusCode: 99) == .failure)
        #expect(Outcome.httpClient(statusCode: Int.min) == .failure)
    }

    @Test func grpcEdges() {
        #expect(Outcome.grpcServer(code: 17) == .failure)
        #expect(Outcome.grpcServer(code: -1) == .failure)
        #expect(Outcome.grpcClient(code: nil) == .failure)
        #expect(Outcome.grpcServer(status: "NOT_A_STATUS") == .failure)
        #expect(Outcome.grpcServer(status: "") == .failure)
        #expect(Outcome.grpcStatusNames.count == 17)
    }

    @Test func codableAsLowerCaseString() throws {
        let data = try JSONEncoder().encode([Outcome.success, .failure, .unknown])
        #expect(String(decoding: data, as: UTF8.self) == #"["success","failure","unknown"]"#)
        #expect(try JSONDecoder().decode(Outcome.self, from: Data(#""failure""#.utf8)) == .failure)
    }
}
