//! Browser entry point: installs the panic hook and mounts the app.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(audit_console::app::App);
}

/// The app only runs in a browser; natively this crate is its tested library.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("audit-console is a web app: build it with `trunk build` (see README.md)");
}
