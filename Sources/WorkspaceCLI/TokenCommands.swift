import ArgumentParser
import Workspace

/// `workspace token create | list | revoke` (SPEC §10): tokens for `workspace serve`.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "API tokens for workspace serve: each acts as its user; shown once, stored hashed.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Make a token (for another user: owner or administrator); it is printed once.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The user it acts as (default: you).") var user: String?
        @Option(help: "What it is for, to tell tokens apart.") var label: String = ""
        @Option(
            help: ArgumentHelp(
                "What it may reach: full, read, or integration:REF[:manage|:monitor] (repeat for several; default full).",
                valueName: "scope")) var scope: [String] = []
        @Option(help: "When it stops working: \(TokenLifetime.allValueStrings.joined(separator: ", ")).") var expires: TokenLifetime = .never

        func run() throws {
            try global.run { workspace, output in
                let made = try workspace.createToken(for: user, label: label, scopes: scope, expires: expires)
                output.emit(made.json) {
                    """
                    Created token \(made.token.id) for \(made.token.user)\(made.token.label.isEmpty ? "" : " (\(made.token.label))"), \
                    scope \(made.token.scope.text), \(TokenText.expiry(made.token)). Keep it now: it is not shown again.
                    \(made.secret)
                    """
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "Your tokens (everyone's for the owner or an administrator); never their secrets.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try global.run { workspace, output in
                let tokens = try workspace.tokens()
                output.emit(.array(tokens.map(\.json))) {
                    guard !tokens.isEmpty else { return "No tokens" }
                    return Output.table(
                        ["ID", "USER", "LABEL", "SCOPE", "EXPIRES", "LAST USED", "CREATED", "BY"],
                        tokens.map {
                            [
                                $0.id, $0.user, Output.cell($0.label), Output.cell($0.scope.text), $0.expiresAt.map(Timestamp.iso8601) ?? "never",
                                $0.lastUsedAt.map(Timestamp.iso8601) ?? "never", Timestamp.iso8601($0.createdAt), $0.createdBy,
                            ]
                        })
                }
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token: it stops working at once.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The token's id (from `token list`).") var id: String

        func run() throws {
            try global.run { workspace, output in
                let token = try workspace.revokeToken(id)
                output.emit(token.json) { "Revoked token \(token.id) of \(token.user)" }
            }
        }
    }
}

extension TokenLifetime: ArgumentWord {}

enum TokenText {
    static func expiry(_ token: Token) -> String {
        token.expiresAt.map { "expires \(Timestamp.iso8601($0))" } ?? "never expires"
    }
}
