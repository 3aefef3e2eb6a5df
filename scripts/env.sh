# Sourced by the scripts: tool paths and shared settings.
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
# The demo-api binary, built with the fast native profile.
DEMO_API_BIN="$PWD/target/native-release/demo-api"
build_demo_api() {
  cargo build --quiet --profile native-release -p demo-api
}
# The release app, ready for a strict CSP and with .br/.gz beside every asset:
# build_app [DIST] [PUBLIC_URL], e.g. dist-audit /audit/.
build_app() {
  local dist="${1:-dist}" public_url="${2:-/}"
  trunk build --release --dist "$dist" --public-url "$public_url" >/dev/null
  node scripts/i18n-catalogs.mjs "$dist" >/dev/null
  node scripts/externalize-boot.mjs "$dist" "$public_url" >/dev/null
  node scripts/service-worker.mjs "$dist" >/dev/null
  node scripts/precompress.mjs "$dist" >/dev/null
}
