import Foundation
import Testing
@testable import ASR

/// Matching semantics of `IntentRecognizer` on small inline grammars.
struct IntentRecognizerTests {
    static let grammar = try! Grammar(yaml: """
    language: en
    intents:
      TurnOn:
        data:
          - sentences: ["turn on [the] {name}", "(activate; [the] {name})"]
            excludes_context: {domain: [sensor]}
            response: device
          - sentences: ["turn on [the] {area} lights"]
            slots: {domain: light}
          - sentences: ["turn on the lights [in here]"]
            requires_context: {area: {slot: true}}
      SetLevel:
        data:
          - sentences:
              - "set {name} to {level}[ ](%|percent)"
              - "set {name} to {fraction:level} open"
              - "set {name} to {half:level} degrees"
            requires_context: {domain: [light, cover, climate]}
      Note:
        data:
          - sentences: ["note {message} for {person}", "remember {message}"]
      Where:
        data:
          - sentences: ["where am i"]
            requires_context: {area: {slot: room}, floor: {value: [upstairs]}}
    lists:
      level: {range: {from: 0, to: 100}}
      fraction: {range: {from: 0, to: 1, step: 0.25, multiplier: 100}}
      half: {range: {from: 5, to: 30, fractions: halves}}
      message: {wildcard: true}
      person: {values: [{in: "(mum|mom|mother)", out: Mum}, dad]}
    skip_words: ["please", "can you"]
    """, file: "inline.yaml")

    static let lists: [String: SlotList] = [
        "name": SlotList(values: [
            SlotList.Value(phrases: ["Desk Lamp", "Study Light"], context: ["domain": "light", "area": "Office"]),
            SlotList.Value(phrases: ["Blind"], out: .string("Office Blind"), context: ["domain": "cover"]),
            SlotList.Value(phrases: ["Thermostat"], context: ["domain": "climate"]),
            SlotList.Value(phrases: ["Kitchen Lights"], context: ["domain": "light", "area": "Kitchen"]),
            SlotList.Value(phrases: ["Smoke Alarm"], context: ["domain": "sensor"]),
        ]),
        "area": SlotList(strings: ["Kitchen", "Office"]),
    ]

    let recognizer = IntentRecognizer(grammar: Self.grammar)

    func slots(_ text: String, context: [String: String] = [:]) -> [String: SlotValue]? {
        recognizer.recognize(text, lists: Self.lists, context: context)?.slots
    }

    @Test func ignoresCasePunctuationAndSkipWords() {
        let match = recognizer.recognize("  Can you TURN ON the desk lamp, please?! ", lists: Self.lists)
        #expect(match?.intent == "TurnOn")
        #expect(match?.slots == ["name": .string("Desk Lamp")])
        #expect(match?.response == "device")
        #expect(match?.text == "Can you TURN ON the desk lamp, please?!")
    }

    @Test func aliasesYieldTheCanonicalName() {
        #expect(slots("turn on the study light") == ["name": .string("Desk Lamp")])
        #expect(slots("turn on blind") == ["name": .string("Office Blind")])
    }

    @Test func permutationsMatchInAnyOrder() {
        #expect(slots("activate the desk lamp") == ["name": .string("Desk Lamp")])
        #expect(slots("the desk lamp activate") == ["name": .string("Desk Lamp")])
    }

    @Test func runtimeListsAreRequiredAndReplaceGrammarLists() {
        #expect(recognizer.recognize("turn on the desk lamp") == nil)
        let people = SlotList(strings: ["Alex"])
        #expect(recognizer.recognize("note milk for alex", lists: ["person": people])?.slots["person"] == .string("Alex"))
        #expect(recognizer.recognize("note milk for dad", lists: ["person": people]) == nil)
    }

    @Test func excludedContextRulesOutListValues() {
        #expect(slots("turn on the smoke alarm") == nil)
    }

    @Test func prefersTheNamedDeviceOverAreaAndFixedSlots() {
        #expect(slots("turn on the kitchen lights") == ["name": .string("Kitchen Lights")])
        #expect(slots("turn on the office lights") == ["area": .string("Office"), "domain": .string("light")])
    }

    @Test func contextFillsSlotsAndGatesBlocks() {
        #expect(slots("turn on the lights") == nil)
        #expect(slots("turn on the lights in here", context: ["area": "Kitchen"]) == ["area": .string("Kitchen")])
        #expect(slots("where am i", context: ["area": "Attic", "floor": "upstairs"]) == ["room": .string("Attic")])
        #expect(slots("where am i", context: ["area": "Attic", "floor": "ground"]) == nil)
        #expect(slots("where am i", context: ["floor": "upstairs"]) == nil)
    }

    @Test func requiredContextComesFromTheMatchedValue() {
        #expect(slots("set the desk lamp to 40%") == nil, "the template has no [the]")
        #expect(slots("set desk lamp to forty percent") == ["name": .string("Desk Lamp"), "level": .int(40)])
        #expect(slots("set smoke alarm to 40%") == nil)
    }

    static let numbers: [(String, SlotValue?)] = [
        ("set desk lamp to 75%", .int(75)),
        ("set desk lamp to 75 %", .int(75)),
        ("set desk lamp to seventy-five percent", .int(75)),
        ("set desk lamp to one hundred percent", .int(100)),
        ("set desk lamp to 101 percent", nil),
        ("set desk lamp to 7.5 percent", nil),
        ("set blind to 0.75 open", .int(75)),
        ("set blind to point two five open", .int(25)),
        ("set blind to 0.3 open", nil),
        ("set thermostat to 21.5 degrees", .double(21.5)),
        ("set thermostat to twenty one and a half degrees", .double(21.5)),
        ("set thermostat to 21,5 degrees", .double(21.5)),
        ("set thermostat to 21.25 degrees", nil),
        ("set thermostat to 31 degrees", nil),
    ]

    @Test(arguments: numbers)
    func rangesAcceptDigitsAndWords(_ text: String, _ level: SlotValue?) {
        #expect(slots(text)?["level"] == level)
    }

    @Test func wildcardsKeepTheirOriginalText() {
        #expect(slots("Note Buy MILK for mother") == ["message": .string("Buy MILK"), "person": .string("Mum")])
        #expect(slots("remember the code is 42!") == ["message": .string("the code is 42")])
        #expect(slots("note for dad") == nil)
    }

    @Test func slotValuesEncodeAsPlainJSON() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let slots: [String: SlotValue] = ["name": .string("Desk Lamp"), "level": .int(40), "temp": .double(21.5)]
        let json = String(decoding: try encoder.encode(slots), as: UTF8.self)
        #expect(json == #"{"level":40,"name":"Desk Lamp","temp":21.5}"#)
        #expect(try JSONDecoder().decode([String: SlotValue].self, from: Data(json.utf8)) == slots)
    }
}
