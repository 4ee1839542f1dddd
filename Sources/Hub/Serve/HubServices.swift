import ASR
import Home

/// What the API's handlers share: the registry, the plugins, the typed-command assistant and the
/// speech recognizer.
struct HubServices: Sendable {
    let store: HomeStore
    let plugins: PluginRegistry
    let assistant: Assistant
    let speech: RecognizerCache

    /// The handler that drives devices through their plugins and logs every request.
    var intents: IntentHandler { IntentHandler(store: store, plugins: plugins) }
}
