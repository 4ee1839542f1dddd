import ArgumentParser
import Foundation
import Home

/// `hub token create|list|revoke`: the bearer tokens of the HTTP API (`hub serve`).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke API tokens for hub serve.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print it (only this once: only its hash is stored).",
            discussion: "With --json: {\"name\":…,\"token\":…}."
        )

        @OptionGroup var options: GlobalOptions
        @Argument(help: "A unique name, e.g. \"dashboard\" or \"phone\".") var name: String

        /// The `--json` document.
        struct Created: Encodable {
            let name: String
            let token: String
        }

        func run() async throws {
            let (token, secret) = try options.openStore().createToken(name: name)
            try Output.emit(Created(name: token.name, token: secret), json: options.json) { created in
                "Created token '\(created.name)'; it is shown only now:\n\(created.token)"
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tokens (names and dates; secrets are never stored).")

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let tokens = try options.openStore().tokens()
            try Output.emit(tokens, json: options.json) { tokens in
                tokens.isEmpty ? "no tokens" : tokens.map { "\($0.name)  created \($0.created.formatted(.iso8601))" }
                    .joined(separator: "\n")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: requests carrying it are refused from now on.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The token's name.") var name: String

        func run() async throws {
            try options.openStore().revokeToken(name)
            try Output.emit(["revoked": name], json: options.json) { _ in "Revoked token '\(name)'" }
        }
    }
}
