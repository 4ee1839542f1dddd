import ASR
import Audio
import Foundation
import Home
import Hummingbird

/// `POST /api/command` (typed text) and `POST /api/recognize` (spoken audio): understand a command
/// and, for text always and for audio with `?execute=true`, carry it out.
enum CommandRoutes {
    /// The largest audio upload accepted: about 5 minutes of 16 kHz 16-bit mono WAV.
    static let maxAudio = 10 * 1024 * 1024

    /// The body of `POST /api/command`.
    struct CommandRequest: Decodable {
        let text: String
    }

    static func add(to router: Router<some RequestContext>, services: HubServices) {
        router.post("/api/command") { request, _ in
            let text = try await JSONResponse.decode(CommandRequest.self, from: request).text
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw APIError.unprocessable("'text' must not be empty") }
            do {
                return try JSONResponse.make(OutcomeReport(try await services.assistant.perform(text, source: .api)))
            } catch let error as AssistantError {
                throw APIError.unprocessable(error.description)
            }
        }
        router.post("/api/recognize") { request, _ in
            let execute = try flag("execute", in: request)
            let audio = try await JSONResponse.body(of: request, limit: maxAudio)
            guard audio.readableBytes > 0 else { throw APIError.badRequest("empty body: send the audio file (WAV, FLAC, OGG) as the body") }
            var report = try recognize(Data(audio.readableBytesView), services: services)
            if execute, let match = report.match {
                report.response = try await services.intents.handle(IntentRequest(
                    match: match, text: report.text ?? "", source: .voice, confidence: report.confidence)).response
            }
            return try JSONResponse.make(report)
        }
    }

    /// Writes the upload to a temporary file for libsndfile, then recognizes it as `hub recognize` does.
    private static func recognize(_ audio: Data, services: HubServices) throws -> RecognitionReport {
        let recognizer: SpeechRecognizer
        do {
            recognizer = try services.speech.recognizer()
        } catch {
            throw APIError(status: .serviceUnavailable, message: "speech recognition is unavailable: \(error)")
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hub-upload-\(UUID().uuidString).wav")
        try audio.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            var report = try RecognizeCommand.recognize(file.path, with: recognizer)
            report.file = "upload"
            return report
        } catch let error as AudioError {
            throw APIError.unprocessable(error.description.replacingOccurrences(of: file.path, with: "upload"))
        }
    }

    /// A `?name=true|false` query flag; absent is false.
    private static func flag(_ name: String, in request: Request) throws -> Bool {
        guard let value = request.uri.queryParameters.get(name) else { return false }
        switch value.lowercased() {
        case "true", "1", "yes", "": return true
        case "false", "0", "no": return false
        default: throw APIError.badRequest("?\(name)= must be true or false, got '\(value)'")
        }
    }
}
