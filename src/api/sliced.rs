//! Decoding a big event without one long task. The answer's top level is first skimmed into raw
//! fields (no values built); then each JSON field is decoded in turn, and a field bigger than
//! `SLICE_BYTES` a slice of its entries at a time, with `pause` (a new task, in the browser)
//! whenever about `SLICE_BYTES` of JSON have been decoded since the last one. The result is the
//! same `Event` as `serde_json::from_str` gives (tested below).

use std::future::Future;
use std::pin::Pin;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::Event;

/// About how much JSON one task decodes (a few milliseconds, even before the browser has
/// optimised the code).
pub const SLICE_BYTES: usize = 64 * 1024;

/// A JSON object's entries as raw text, in order.
struct Entries<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Entries<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Entries<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries<'a>, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// Counts the JSON decoded since the last pause, and pauses when a slice is full.
struct Slicer<'p, P> {
    pause: &'p P,
    since_pause: usize,
}

impl<P: Fn() -> F, F: Future<Output = ()>> Slicer<'_, P> {
    async fn account(&mut self, bytes: usize) {
        if self.since_pause > 0 && self.since_pause + bytes > SLICE_BYTES {
            (self.pause)().await;
            self.since_pause = 0;
        }
        self.since_pause += bytes;
    }
}

type Decoding<'a> = Pin<Box<dyn Future<Output = serde_json::Result<Value>> + 'a>>;

/// One JSON value; a big object or array a slice of entries at a time.
fn value<'a, P: Fn() -> F, F: Future<Output = ()>>(
    raw: &'a RawValue,
    slicer: &'a mut Slicer<'_, P>,
) -> Decoding<'a> {
    Box::pin(async move {
        let text = raw.get();
        if text.len() <= SLICE_BYTES {
            slicer.account(text.len()).await;
            return serde_json::from_str(text);
        }
        match text.as_bytes().first() {
            Some(b'{') => {
                let Entries(entries) = serde_json::from_str(text)?;
                let mut map = Map::new();
                for (key, raw) in entries {
                    let v = value(raw, slicer).await?;
                    map.insert(key, v);
                }
                Ok(Value::Object(map))
            }
            Some(b'[') => {
                let items: Vec<&RawValue> = serde_json::from_str(text)?;
                let mut out = Vec::with_capacity(items.len());
                for raw in items {
                    out.push(value(raw, slicer).await?);
                }
                Ok(Value::Array(out))
            }
            // A long string: one piece (strings decode quickly).
            _ => {
                slicer.account(text.len()).await;
                serde_json::from_str(text)
            }
        }
    })
}

/// The event in `body`, decoded a slice at a time (see the module's text).
pub async fn event<P: Fn() -> F, F: Future<Output = ()>>(
    body: &str,
    pause: &P,
) -> serde_json::Result<Event> {
    let Entries(entries) = serde_json::from_str(body)?;
    let mut slicer = Slicer {
        pause,
        since_pause: body.len().min(SLICE_BYTES),
    };
    let mut big: [(&str, Value); 4] = [
        ("query_params", Value::Null),
        ("post_data", Value::Null),
        ("headers", Value::Null),
        ("content", Value::Null),
    ];
    let mut rest = Map::new();
    for (key, raw) in entries {
        match big.iter_mut().find(|(name, _)| *name == key) {
            Some((_, slot)) => *slot = value(raw, &mut slicer).await?,
            None => {
                let v = value(raw, &mut slicer).await?;
                rest.insert(key, v);
            }
        }
    }
    // The small fields (and any unknown ones) through the usual decoder, then the big ones.
    let mut event = Event::deserialize(Value::Object(rest))?;
    let [query_params, post_data, headers, content] = big.map(|(_, v)| v);
    event.query_params = query_params;
    event.post_data = post_data;
    event.headers = headers;
    event.content = content;
    Ok(event)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::cell::Cell;
    use std::task::{Context, Poll, Waker};

    /// Runs the decoder to the end (its pauses are ready at once), counting the pauses.
    fn decode(body: &str) -> (serde_json::Result<Event>, usize) {
        let pauses = Cell::new(0);
        let pause = || {
            pauses.set(pauses.get() + 1);
            std::future::ready(())
        };
        let mut task = Box::pin(event(body, &pause));
        let mut cx = Context::from_waker(Waker::noop());
        match task.as_mut().poll(&mut cx) {
            Poll::Ready(r) => (r, pauses.get()),
            Poll::Pending => panic!("the decoder waited on something other than its pauses"),
        }
    }

    fn big_event() -> Value {
        let mut post = Map::new();
        for i in 0..10_000 {
            post.insert(
                format!("key_{i}"),
                json!({"n": i, "label": format!("value number {i}")}),
            );
        }
        let mut deep = json!({"end": true});
        for i in 0..50 {
            deep = json!({"level": i, "child": deep});
        }
        post.insert("deep".into(), deep);
        post.insert("essay".into(), json!("lorem ipsum ".repeat(17_000)));
        json!({"uuid": "u", "timestamp": "2020-01-01T00:00:00Z", "user": {"pk": 1, "email": "a@x"},
               "remote_addr": "10.0.0.1", "url": "https://x/", "query_params": {"q": ["1"]},
               "post_data": post, "headers": {"H": "v"}, "content_type": 3, "object_id": 9,
               "content": [1, {"b": [2, 3]}], "severity": {"level": 2},
               "big_unknown": (0..20_000).collect::<Vec<_>>()})
    }

    #[test]
    fn the_same_event_as_one_decode_in_slices() {
        let body = big_event().to_string();
        let (sliced, pauses) = decode(&body);
        let whole: Event = serde_json::from_str(&body).unwrap();
        assert_eq!(sliced.unwrap(), whole);
        // About one pause per slice of the body, less the 200 KB string decoded in one piece
        // (the top level is skimmed in the first task).
        let slices = (body.len() - 204_000) / SLICE_BYTES;
        assert!(
            pauses >= slices - 2 && pauses <= slices + 4,
            "{pauses} pauses for {slices} slices"
        );
    }

    #[test]
    fn small_events_and_bad_input() {
        let small = json!({"uuid": "u", "timestamp": "t", "user": null, "post_data": {"a": 1}});
        let (e, pauses) = decode(&small.to_string());
        assert_eq!(e.unwrap(), serde_json::from_value::<Event>(small).unwrap());
        assert_eq!(pauses, 0);
        for bad in [
            "",
            "[]",
            "{\"uuid\": \"u\"}",
            "{\"uuid\": \"u\", \"timestamp\": \"t\", \"object_id\": \"x\"}",
            "{\"uuid\": \"u\", \"timestamp\": \"t\", \"post_data\": {\"a\": }}",
        ] {
            assert!(decode(bad).0.is_err(), "{bad}");
        }
        // A big field broken deep inside fails too.
        let broken = big_event()
            .to_string()
            .replacen("\"value number 9999\"", "value number", 1);
        assert!(decode(&broken).0.is_err());
    }
}
