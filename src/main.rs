//! Browser entry point: installs the panic hook and mounts the app.

#[cfg(target_arch = "wasm32")]
fn main() {
    std::panic::set_hook(Box::new(|info| {
        // Log it (with the message) for whoever opens the console…
        console_error_panic_hook::hook(info);
        // …and never leave a blank or frozen page: replace it with a way out.
        audit_console::shell::crash_screen::show();
    }));
    leptos::mount::mount_to_body(audit_console::shell::App);
}

/// The app only runs in a browser; natively this crate is its tested library.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("audit-console is a web app: build it with `trunk build` (see README.md)");
}
