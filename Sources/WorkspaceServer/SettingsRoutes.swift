import HTTPTypes
import Workspace

/// Settings documents: read, set, unset, resolve with origins.
extension Routes {
    static let settings: [Route] = [
        Route(.get, "/settings/{ref}", "A settings document, or the value at pointer in it", query: settingsQuery, answers: .json(.anyValue)) { call in
            .json(try call.workspace.settings(call.parameter("ref"), group: call.flag("group"), at: call.query["pointer"] ?? ""))
        },
        Route(.put, "/settings/{ref}", "Set the value at pointer (the body, JSON), or replace the whole document", query: settingsQuery,
              body: .json, answers: .json(.anyValue)) { call in
            let value = try call.value()
            if let pointer = call.query["pointer"], !pointer.isEmpty {
                return .json(try call.workspace.setSetting(call.parameter("ref"), group: call.flag("group"), at: pointer, to: value))
            }
            return .json(try call.workspace.replaceSettings(call.parameter("ref"), group: call.flag("group"), with: value))
        },
        Route(.delete, "/settings/{ref}", "Remove the value at pointer", query: [.string("pointer", pattern: #"^(/([^~/]|~[01])*)+$"#).needed, .boolean("group")], answers: .json(.anyValue)) { call in
            .json(try call.workspace.unsetSetting(call.parameter("ref"), group: call.flag("group"), at: call.query["pointer"] ?? ""))
        },
        Route(.get, "/settings/{ref}/resolved", "The effective settings, with where each value comes from", query: [.boolean("group")], answers: .json(.record([.field("settings", .anyValue), .field("origins", .array(SettingOrigin.shape))]))) { call in
            let resolved = try call.workspace.resolveSettings(call.parameter("ref"), group: call.flag("group"))
            return .json(["settings": resolved.effective, "origins": .array(resolved.origins.map(\.json))])
        },
    ]

    /// The query of the settings routes.
    static let settingsQuery: [QueryParameter] = [.string("pointer", pattern: pointerPattern), .boolean("group")]

    /// A JSON pointer (RFC 6901): `~` only as `~0` or `~1`.
    static let pointerPattern = #"^(/([^~/]|~[01])*)*$"#
}
