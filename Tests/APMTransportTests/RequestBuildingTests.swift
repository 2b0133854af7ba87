import APMTransport
import Foundation
import APMTestSupport
import Testing

@Suite("Request building")
struct RequestBuildingTests {
    let metadata = Array(#"{"metadata":{"service":{"name":"svc"}}}"#.utf8)

    func block(_ id: Int64, _ lines: [String]) -> StoredBlock {
        StoredBlock(id: id, kind: "transaction", events: lines.count, rawSize: lines.reduce(0) { $0 + $1.utf8.count + 1 },
                    isUnsampledTransactions: false, attempts: 0, body: MemoryQueue.member(lines))
    }

    @Test("the body is the metadata member and the blocks' bytes; it inflates to metadata and events, one per line")
    func concatenatedMembers() throws {
        let blocks = [block(1, (1...3).map { transactionLine($0) }), block(2, (4...5).map { transactionLine($0) })]
        let member = try IntakeRequest.metadataMember(metadata)
        let request = IntakeRequest(metadataMember: member, metadataSize: metadata.count + 1, blocks: blocks)
        #expect(request.body == member + blocks[0].body + blocks[1].body)
        let expected = ([String(decoding: metadata, as: UTF8.self)] + (1...5).map { transactionLine($0) }).map { $0 + "\n" }.joined()
        #expect(try GzipDecompressor.decompress(request.body, limit: 1 << 20) == Array(expected.utf8))
        #expect(request.eventCount == 5)
        #expect(request.uncompressedSize == expected.utf8.count)
    }

    @Test("compression round-trips large and empty inputs, also as concatenated members")
    func roundTrip() throws {
        var generator = SeededGenerator(seed: 3)
        let random = (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(try GzipDecompressor.decompress(GzipCompressor.compress(random), limit: 1 << 20) == random)
        #expect(try Gunzip.decompress(GzipCompressor.compress(random)) == random)
        #expect(try GzipDecompressor.decompress(GzipCompressor.compress([]), limit: 10) == [])
        let repetitive = Array(String(repeating: transactionLine(1) + "\n", count: 1000).utf8)
        #expect(try GzipCompressor.compress(repetitive).count < repetitive.count / 10)
        let members = try GzipCompressor.compress(repetitive) + GzipCompressor.compress(random) + GzipCompressor.compress([])
        #expect(try GzipDecompressor.decompress(members, limit: 1 << 20) == repetitive + random)
    }

    @Test("damaged or oversized gzip data is an error, not a wrong answer")
    func damage() throws {
        let member = try GzipCompressor.compress(Array(String(repeating: transactionLine(1), count: 50).utf8))
        #expect(throws: GzipError.self) { try GzipDecompressor.decompress(Array(member.dropLast(4)), limit: 1 << 20) }
        #expect(throws: GzipError.self) { try GzipDecompressor.decompress(member + [0x1F, 0x8B, 0x08], limit: 1 << 20) }
        #expect(throws: GzipError.self) { try GzipDecompressor.decompress(member, limit: 100) }
        var flipped = member
        flipped[member.count / 2] ^= 0xFF
        #expect(throws: GzipError.self) { try GzipDecompressor.decompress(flipped, limit: 1 << 20) }
    }
}
