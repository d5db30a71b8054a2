import Testing

@testable import Workspace
@testable import WorkspaceStore

/// Integration A with group G, flow F in G with export E and import I over connection C.
struct SettingsPlant {
    let scratch: Scratch
    var workspace: Workspace { scratch.workspace }

    init() throws {
        scratch = try Scratch()
        _ = try scratch.workspace.createIntegration(name: "A")
        _ = try scratch.workspace.createGroup(name: "G", integration: "A")
        _ = try scratch.workspace.createFlow(name: "F", integration: "A", group: "G")
        _ = try scratch.workspace.createConnection(name: "C", type: "http")
        _ = try scratch.workspace.createStep(.export, name: "E", flow: "F", connection: "C")
        _ = try scratch.workspace.createStep(.import, name: "I", flow: "F", connection: "C")
    }
}

@Suite struct SettingsTests {
    @Test func setCreatesParentsAndAuditsEachLeaf() throws {
        let plant = try SettingsPlant()
        let document = try plant.workspace.setSetting("A", at: "/mapping/currency", to: "USD")
        #expect(document == ["mapping": ["currency": "USD"]])
        _ = try plant.workspace.setSetting("A", at: "/mapping", to: ["currency": "EUR", "locale": "de"])
        let rows = try plant.workspace.lastAudit(2)
        #expect(rows.map(\.fieldPath) == ["/settings/mapping/currency", "/settings/mapping/locale"])
        #expect(rows.map(\.oldValue) == ["\"USD\"", nil] && rows.map(\.newValue) == ["\"EUR\"", "\"de\""])
        #expect(try plant.workspace.settings("A", at: "/mapping/locale") == "de")
        let count = try plant.workspace.auditCount()
        _ = try plant.workspace.setSetting("A", at: "/mapping/locale", to: "de")
        #expect(try plant.workspace.auditCount() == count)
    }

    @Test func refusalsWriteNothing() throws {
        let plant = try SettingsPlant()
        _ = try plant.workspace.setSetting("F", at: "/name", to: "x")
        try plant.scratch.expectRefusal(.invalid, containing: "not an object") {
            _ = try plant.workspace.setSetting("F", at: "/name/first", to: 1)
        }
        try plant.scratch.expectRefusal(.invalid, containing: "must be a JSON object") {
            _ = try plant.workspace.replaceSettings("F", with: [1, 2])
        }
        try plant.scratch.expectRefusal(.invalid, containing: "must be a JSON object") {
            _ = try plant.workspace.setSetting("F", at: "", to: "x")
        }
        try plant.scratch.expectRefusal(.invalid, containing: "1 MiB") {
            _ = try plant.workspace.setSetting("F", at: "/big", to: .string(String(repeating: "x", count: 1 << 20)))
        }
        try plant.scratch.expectRefusal(.invalid, containing: "JSON pointer") {
            _ = try plant.workspace.setSetting("F", at: "name", to: 1)
        }
        try plant.scratch.expectRefusal(.notFound, containing: "no setting") { _ = try plant.workspace.unsetSetting("F", at: "/nope") }
        try plant.scratch.expectRefusal(.notFound, containing: "no setting") { _ = try plant.workspace.settings("F", at: "/nope") }
        try plant.scratch.expectRefusal(.refused, containing: "can't be given settings") {
            _ = try plant.workspace.setSetting("none", at: "/a", to: 1)
        }
        _ = try plant.workspace.createAPI(name: "api")
        _ = try plant.workspace.createTool(name: "tool")
        try plant.scratch.expectRefusal(.refused, containing: "APIs don't carry settings") { _ = try plant.workspace.settings("api") }
        try plant.scratch.expectRefusal(.refused, containing: "tools don't carry settings") {
            _ = try plant.workspace.setSetting("tool:tool", at: "/a", to: 1)
        }
    }

    @Test func namesSharedByKindsNeedAPrefix() throws {
        let plant = try SettingsPlant()
        _ = try plant.workspace.createFlow(name: "C")
        try plant.scratch.expectRefusal(.notFound, containing: "names 2 resources") { _ = try plant.workspace.settings("C") }
        _ = try plant.workspace.setSetting("connection:C", at: "/timeout", to: 30)
        _ = try plant.workspace.setSetting("flow:C", at: "/x", to: 1)
        #expect(try plant.workspace.settings("connection:C") == ["timeout": 30])
        _ = try plant.workspace.setSetting("G", group: true, at: "/g", to: true)
        #expect(try plant.workspace.settings("group:G") == ["g": true])
        try plant.scratch.expectRefusal(.notFound) { _ = try plant.workspace.settings("nothing") }
    }

    @Test func unsetRemovesOneValue() throws {
        let plant = try SettingsPlant()
        _ = try plant.workspace.setSetting("E", at: "/a", to: ["b": 1, "c": 2])
        #expect(try plant.workspace.unsetSetting("E", at: "/a/b") == ["a": ["c": 2]])
        let row = try #require(try plant.workspace.lastAudit(1).first)
        #expect(row.fieldPath == "/settings/a/b" && row.oldValue == "1" && row.newValue == nil)
    }

    @Test func resolveMergesFromTheIntegrationDown() throws {
        let plant = try SettingsPlant()
        let workspace = plant.workspace
        _ = try workspace.replaceSettings("A", with: ["retries": 3, "mapping": ["currency": "USD", "locale": "en"], "keep": true])
        _ = try workspace.setSetting("G", group: true, at: "/retries", to: 5)
        _ = try workspace.setSetting("F", at: "/mapping/currency", to: .null)
        _ = try workspace.setSetting("F", at: "/mapping/locale", to: "de")
        _ = try workspace.setSetting("I", at: "/retries", to: 9)
        _ = try workspace.setSetting("C", at: "/timeout", to: 30)
        let flow = try workspace.resolveSettings("F")
        #expect(flow.effective == ["retries": 5, "mapping": ["locale": "de"], "keep": true])
        let step = try workspace.resolveSettings("I")
        #expect(step.effective == ["retries": 9, "mapping": ["locale": "de"], "keep": true])
        let retries = try #require(step.origins.first { $0.pointer.description == "/retries" })
        #expect(retries.level == .import && retries.value == 9)
        #expect(retries.overrides.map(\.level) == [.integration, .flowGrouping])
        #expect(retries.overrides.map(\.value) == [3, 5])
        let locale = try #require(step.origins.first { $0.pointer.description == "/mapping/locale" })
        #expect(locale.level == .flow && locale.overrides.map(\.value) == ["en"])
        #expect(step.namespaced["connection"] == ["timeout": 30])
        #expect(step.namespaced["flowGrouping"] == ["retries": 5])
        #expect(step.namespaced["import"] == ["retries": 9])
        #expect(try workspace.resolveSettings("E").namespaced["export"] == [:])
        #expect(try workspace.resolveSettings("C").effective == ["timeout": 30])
    }

    @Test func standaloneFlowsResolveWithoutAnIntegrationLevel() throws {
        let plant = try SettingsPlant()
        _ = try plant.workspace.createFlow(name: "S")
        _ = try plant.workspace.setSetting("S", at: "/a", to: 1)
        let resolved = try plant.workspace.resolveSettings("S")
        #expect(resolved.effective == ["a": 1])
        #expect(resolved.namespaced["integration"] == nil && resolved.origins.map(\.level) == [.flow])
    }

    /// Whatever the layers hold, explain lists exactly the leaves of the effective document.
    @Test func explainAgreesWithTheEffectiveDocument() throws {
        let plant = try SettingsPlant()
        var random = RandomJSON(state: 3)
        for _ in 0..<60 {
            try plant.workspace.batch {
                _ = try plant.workspace.replaceSettings("A", with: .object(random.object()))
                _ = try plant.workspace.replaceSettings("G", group: true, with: .object(random.object()))
                _ = try plant.workspace.replaceSettings("F", with: .object(random.object()))
                _ = try plant.workspace.replaceSettings("I", with: .object(random.object()))
            }
            let resolved = try plant.workspace.resolveSettings("I")
            let leaves = resolved.effective.leaves().filter { !$0.pointer.isRoot }
            let present = resolved.origins.filter { !$0.removed }
            #expect(present.map(\.pointer) == leaves.map(\.pointer))
            #expect(present.map(\.value) == leaves.map(\.value))
            // A removed key is listed only where no lower level set it again.
            let removed = Set(resolved.origins.filter(\.removed).map(\.pointer))
            #expect(removed.isDisjoint(with: leaves.map(\.pointer)))
        }
    }

    @Test func permissionsFollowTheIntegration() throws {
        let plant = try SettingsPlant()
        _ = try plant.workspace.addUser("tom", role: .tile)
        _ = try plant.workspace.grant("tom", integration: "A", access: .monitor)
        let tom = try Workspace.open(at: plant.scratch.path, as: "tom")
        #expect(try tom.resolveSettings("I").effective == [:])
        #expect(throws: WorkspaceError.self) { try tom.setSetting("F", at: "/a", to: 1) }
        #expect(try tom.settings("C") == [:])
    }
}
