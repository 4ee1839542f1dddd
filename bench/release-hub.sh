# Sourced by the bench scripts from the repository root: sets $hub to $HUB_BIN when that names an
# already built hub, else builds the release hub and uses it.
hub=${HUB_BIN:-}
if [ -z "$hub" ]; then
    swift build -c release --product hub >/dev/null
    hub=.build/release/hub
fi
