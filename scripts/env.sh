# Sourced by the scripts: tool paths and shared settings.
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
# The demo-api binary, built with the fast native profile.
DEMO_API_BIN="$PWD/target/native-release/demo-api"
build_demo_api() {
  cargo build --quiet --profile native-release -p demo-api
}
# The release app; extra arguments go to trunk (e.g. --public-url /audit/ --dist dist-audit).
build_app() {
  trunk build --release "$@" >/dev/null
}
