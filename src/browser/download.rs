//! Files the user saves (exports, saved views): made as Blobs and handed to the browser's
//! download through a temporary `<a download>`.

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag};

/// A Blob of these parts (Blobs or strings) with a MIME type.
pub fn blob(parts: &js_sys::Array, mime: &str) -> Option<Blob> {
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    Blob::new_with_blob_sequence_and_options(parts, &options).ok()
}

/// A Blob of one text.
pub fn text_blob(text: &str, mime: &str) -> Option<Blob> {
    blob(&js_sys::Array::of1(&text.into()), mime)
}

/// Saves a Blob under a name; returns its object URL (for a "save again" link).
pub fn save(blob: &Blob, name: &str) -> Option<String> {
    let href = web_sys::Url::create_object_url_with_blob(blob).ok()?;
    let document = web_sys::window()?.document()?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&href);
    a.set_download(name);
    a.click();
    Some(href)
}
