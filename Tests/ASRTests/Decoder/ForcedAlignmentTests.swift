import Audio
import Foundation
import Testing
@testable import ASR

/// Collapses a frame-by-frame CTC labelling: merge repeats, drop blanks (0).
private func collapse(_ labels: [Int]) -> [Int32] {
    var out: [Int32] = []
    var previous = 0
    for label in labels {
        if label != previous && label != 0 { out.append(Int32(label)) }
        previous = label
    }
    return out
}

/// The forced alignment equals the best of all labellings that spell the sequence (brute force over
/// every labelling of a short span), including repeated phonemes that need a blank between them.
@Test(arguments: [[Int32(1), 2], [2, 2], [1], [3, 1, 3]])
func forcedAlignmentFindsTheBestLabelling(phonemes: [Int32]) {
    let symbols = 4
    var random = SplitMix64(seed: UInt64(phonemes.count * 7 + Int(phonemes[0])))
    let frameCount = 6
    let rows = (0..<(frameCount + 2) * symbols).map { _ in Float.random(in: -4...0, using: &random) }
    let span = 1..<(1 + frameCount)
    var best = -Double.infinity
    var labels = [Int](repeating: 0, count: frameCount)
    for code in 0..<Int(pow(Double(symbols), Double(frameCount))) {
        var rest = code
        for index in labels.indices { labels[index] = rest % symbols; rest /= symbols }
        guard collapse(labels) == phonemes else { continue }
        let score = zip(span, labels).reduce(0.0) { $0 + Double(rows[$1.0 * symbols + $1.1]) }
        best = max(best, score)
    }
    let aligned = ForcedAlignment.score(of: phonemes, frames: span, logPosteriors: rows, symbols: symbols)
    #expect(abs(aligned - best) < 1e-9, "aligned \(aligned), brute force \(best)")
}

@Test func forcedAlignmentOfATooShortSpanIsImpossible() {
    let rows = [Float](repeating: -1, count: 3 * 4)
    #expect(ForcedAlignment.score(of: [2, 2], frames: 0..<2, logPosteriors: rows, symbols: 4) == -.infinity)
    #expect(ForcedAlignment.score(of: [2, 2], frames: 0..<3, logPosteriors: rows, symbols: 4) == -3)
}
