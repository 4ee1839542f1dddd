import Foundation
import Testing
@testable import Hub

/// The satellite protocol's pieces: topics, the binary audio frame, and reassembly of frames.
@Suite struct SatelliteProtocolTests {
    let id = UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!

    @Test func audioFrameRoundTripsWithItsDocumentedLayout() throws {
        let frame = AudioFrame(utterance: id, sequence: 258, samples: [0, 1, -1, .max, .min])
        let bytes = [UInt8](frame.encoded())
        #expect(bytes.count == AudioFrame.headerSize + 10)
        #expect(bytes[0] == 1)
        #expect(bytes[1] == 0x6F && bytes[16] == 0xFF, "the UUID's raw bytes")
        #expect(Array(bytes[17...20]) == [0, 0, 1, 2], "sequence number, big-endian")
        #expect(Array(bytes[21...24]) == [0, 0, 1, 0], "samples, little-endian")
        #expect(try AudioFrame(decoding: frame.encoded()) == frame)
    }

    @Test func floatSamplesAreClippedToSixteenBits() {
        let frame = AudioFrame(utterance: id, sequence: 0, floats: [0, 0.5, 1, -1, 2, -3])
        #expect(frame.samples == [0, 16384, 32767, -32767, 32767, -32767])
        #expect(AudioFrame.floats([16384, -32768]) == [0.5, -1])
    }

    @Test(arguments: [
        (Data([1, 2, 3]), "shorter than its 21-byte header"),
        (Data([2] + [UInt8](repeating: 0, count: 20)), "version 2 is not supported"),
        (Data([1] + [UInt8](repeating: 0, count: 21)), "not a whole number of 16-bit samples"),
    ])
    func badFramesAreRejectedWithAReason(payload: Data, reason: String) {
        let error = #expect(throws: SatelliteError.self) { try AudioFrame(decoding: payload) }
        #expect(error?.description.contains(reason) == true, "\(String(describing: error))")
    }

    @Test func audioTopicsAreParsedAndOthersIgnored() throws {
        let start = try #require(SatelliteTopics.parseAudio(SatelliteTopics.audio(site: "living room", .start)))
        #expect(start.site == "living room" && start.kind == .start)
        #expect(SatelliteTopics.parseAudio("hub/kitchen/audio/frame")?.kind == .frame)
        #expect(SatelliteTopics.parseAudio("hub/kitchen/result") == nil)
        #expect(SatelliteTopics.parseAudio("hub/kitchen/audio/other") == nil)
        #expect(SatelliteTopics.parseAudio("hub//audio/end") == nil)
        #expect(SatelliteTopics.intent("HassTurnOn") == "hub/intent/HassTurnOn")
    }

    @Test(arguments: ["", "intent", "a/b", "a+", "#"])
    func sitesThatCannotBeATopicLevelAreRejected(site: String) {
        #expect(throws: SatelliteError.self) { try SatelliteTopics.validate(site: site) }
    }

    @Test func startMessagesWithAnotherFormatAreRejected() throws {
        let json = #"{"utterance":"\#(id)","site":"kitchen","satellite":"s","sample_rate":8000,"format":"s16le"}"#
        let start = try SatelliteJSON.decode(UtteranceStart.self, from: Data(json.utf8), topic: "hub/kitchen/audio/start")
        let format = #expect(throws: SatelliteError.self) { try start.validate() }
        #expect(format?.description.contains("unsupported audio 8000 Hz s16le") == true)
        let broken = #expect(throws: SatelliteError.self) {
            try SatelliteJSON.decode(UtteranceEnd.self, from: Data("{".utf8), topic: "t")
        }
        #expect(broken?.description.contains("bad JSON on 't'") == true)
    }

    @Test func brokerAddressesNeedAHostAndAValidPort() throws {
        #expect(try BrokerAddress.options("example.org").broker == "example.org:1883")
        #expect(try BrokerAddress.options("127.0.0.1:1884").port == 1884)
        for bad in [":1883", "host:0", "host:x", "a:1:2"] {
            #expect(throws: SatelliteError.self, "\(bad)") { try BrokerAddress.options(bad) }
        }
    }

    // MARK: - Reassembly

    private func frame(_ sequence: UInt32) -> AudioFrame {
        AudioFrame(utterance: id, sequence: sequence, samples: [Int16(sequence)])
    }

    @Test func framesComeOutOnceAndInOrder() {
        var assembler = UtteranceAssembler()
        let out1 = assembler.add(frame(1))
        #expect(out1.isEmpty, "waits for frame 0")
        let out2 = assembler.add(frame(0))
        #expect(out2 == [[0], [1]])
        let out3 = assembler.add(frame(1))
        #expect(out3.isEmpty, "a redelivered frame is dropped")
        let out4 = assembler.add(frame(0))
        #expect(out4.isEmpty)
        let out5 = assembler.add(frame(2))
        #expect(out5 == [[2]])
        assembler.end(frames: 3)
        #expect(assembler.isComplete)
        let out6 = assembler.add(frame(3))
        #expect(out6.isEmpty, "nothing past the announced end")
    }

    @Test func missingFramesAreNamedAtTheEnd() {
        var assembler = UtteranceAssembler()
        _ = assembler.add(frame(0))
        _ = assembler.add(frame(2))
        #expect(!assembler.isComplete)
        assembler.end(frames: 5)
        #expect(assembler.missing == [1, 3, 4])
        #expect(!assembler.isComplete)
        let out7 = assembler.add(frame(1))
        #expect(out7 == [[1], [2]])
        #expect(assembler.missing == [3, 4])
    }

    @Test func anUtteranceWithoutFramesIsCompleteAtItsEnd() {
        var assembler = UtteranceAssembler()
        #expect(!assembler.isComplete)
        assembler.end(frames: 0)
        #expect(assembler.isComplete)
    }
}
