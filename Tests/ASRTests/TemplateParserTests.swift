import Testing
@testable import ASR

/// Template syntax → expression model, and syntax errors with location and fragment.
struct TemplateParserTests {
    static let parsed: [(String, Expression)] = [
        ("turn on", .text("turn on")),
        ("Turn ON, please!", .text("turn on please ")),
        ("(a|b)", .alternative([.text("a"), .text("b")])),
        ("[the] lamp", .sequence([.optional(.text("the")), .text(" lamp")])),
        ("(a; b)", .permutation([.text("a"), .text(" b")])),
        ("{name}", .list(ListReference(list: "name"))),
        ("{brightness:level}", .list(ListReference(list: "brightness", slot: "level"))),
        ("<area>", .rule("area")),
        ("a|b c", .alternative([.text("a"), .text("b c")])),
        ("light[s]", .sequence([.text("light"), .optional(.text("s"))])),
        ("(on|)", .alternative([.text("on"), .empty])),
        ("\\(x\\)", .text("(x)")),
        ("twenty-one", .text("twenty one")),
        ("[(a|b)] {x}", .sequence([.optional(.alternative([.text("a"), .text("b")])), .text(" "),
                                     .list(ListReference(list: "x"))])),
    ]

    @Test(arguments: parsed)
    func parses(_ template: String, _ expected: Expression) throws {
        #expect(try Expression(template: template) == expected)
    }

    static let broken: [(String, String)] = [
        ("turn on (the lamp", "missing ')'"),
        ("turn on the lamp)", "unexpected ')'"),
        ("[a", "missing ']'"),
        ("{name", "missing '}' after list name"),
        ("<>", "empty rule name"),
        ("{:slot}", "empty name in {:slot}"),
        ("(a|b; c)", "cannot mix '|' and ';' in one group"),
        ("{na(me}", "unexpected '(' in list name"),
        ("end\\", "dangling '\\'"),
    ]

    @Test(arguments: broken)
    func rejects(_ template: String, _ reason: String) {
        let location = SourceLocation(file: "grammars/home.yaml", line: 12)
        #expect(throws: GrammarError.syntax(location, reason: reason, template: template)) {
            try Expression(template: template, location: location)
        }
    }

    @Test func syntaxErrorMessageNamesFileLineAndFragment() {
        let error = GrammarError.syntax(SourceLocation(file: "grammars/home.yaml", line: 12),
                                        reason: "missing ')'", template: "turn on (the lamp")
        #expect(error.description == "grammars/home.yaml:12: missing ')' in \"turn on (the lamp\"")
    }

    @Test func expandsTemplatesIntoSentences() throws {
        let expression = try Expression(template: "turn (on|off) [the] light[s]")
        #expect(expression.sentences() == [
            "turn on the lights", "turn on the light", "turn on lights", "turn on light",
            "turn off the lights", "turn off the light", "turn off lights", "turn off light",
        ])
        #expect(try Expression(template: "(a; b; c)").sentences().count == 6)
    }
}
