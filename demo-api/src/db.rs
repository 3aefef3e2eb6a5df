//! SQLite storage: schema, a small connection pool, and the queries the routes need.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{params_from_iter, Connection, OpenFlags, OptionalExtension, Row};
use serde::Serialize;
use serde_json::value::RawValue;

use crate::query::Filters;
use crate::timestamp::{self, Micros};

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS users (
    pk INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    ts INTEGER NOT NULL,            -- microseconds since the epoch, UTC
    user_id INTEGER REFERENCES users(pk),
    remote_addr TEXT,
    url TEXT,
    query_params TEXT NOT NULL,     -- JSON text, 'null' allowed
    post_data TEXT NOT NULL,
    headers TEXT NOT NULL,
    content_type INTEGER NOT NULL,
    object_id INTEGER,
    content TEXT NOT NULL
);
";

/// One index per filter the app leads with, each ending in `ts` so a filtered page comes out of the
/// index already in the default newest-first order.
pub const INDEXES: &str = "
CREATE INDEX IF NOT EXISTS events_ts ON events(ts);
CREATE INDEX IF NOT EXISTS events_user_ts ON events(user_id, ts);
CREATE INDEX IF NOT EXISTS events_ct_object_ts ON events(content_type, object_id, ts);
CREATE INDEX IF NOT EXISTS events_object_ts ON events(object_id, ts);
";

/// A few connections, reused. SQLite's page cache lives in a connection, so reusing them keeps
/// hot pages in memory; WAL mode lets readers run beside the occasional writer.
pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

pub struct PooledConnection<'a> {
    pool: &'a Pool,
    conn: Option<Connection>,
}

impl std::ops::Deref for PooledConnection<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        // Always Some until drop.
        self.conn.as_ref().unwrap_or_else(|| unreachable!())
    }
}

impl std::ops::DerefMut for PooledConnection<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        self.conn.as_mut().unwrap_or_else(|| unreachable!())
    }
}

impl Drop for PooledConnection<'_> {
    fn drop(&mut self) {
        if let (Some(conn), Ok(mut idle)) = (self.conn.take(), self.pool.idle.lock()) {
            idle.push(conn);
        }
    }
}

impl Pool {
    /// Opens (creating if needed) the database and its schema. Returns the pool and whether the
    /// database held no events, so the caller knows to generate them.
    pub fn open(path: &Path) -> rusqlite::Result<(Pool, bool)> {
        let conn = open_connection(path)?;
        conn.execute_batch(SCHEMA)?;
        let empty: bool =
            conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM events)", [], |r| r.get(0))?;
        let pool = Pool {
            path: path.to_path_buf(),
            idle: Mutex::new(vec![conn]),
        };
        Ok((pool, empty))
    }

    pub fn get(&self) -> rusqlite::Result<PooledConnection<'_>> {
        let reused = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let conn = match reused {
            Some(c) => c,
            None => open_connection(&self.path)?,
        };
        Ok(PooledConnection {
            pool: self,
            conn: Some(conn),
        })
    }
}

fn open_connection(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA busy_timeout = 5000;
         PRAGMA cache_size = -65536;
         PRAGMA mmap_size = 1073741824;",
    )?;
    Ok(conn)
}

/// `user` as the real server nests it.
#[derive(Serialize)]
pub struct User {
    pub pk: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
}

/// An event as the API serialises it. JSON columns pass through unparsed.
#[derive(Serialize)]
pub struct Event {
    pub uuid: String,
    pub timestamp: String,
    pub user: Option<User>,
    pub remote_addr: Option<String>,
    pub url: Option<String>,
    pub query_params: Box<RawValue>,
    pub post_data: Box<RawValue>,
    pub headers: Box<RawValue>,
    pub content_type: i64,
    pub object_id: Option<i64>,
    pub content: Box<RawValue>,
}

const EVENT_COLUMNS: &str = "e.uuid, e.ts, e.user_id, u.email, u.first_name, u.last_name, \
    e.remote_addr, e.url, e.query_params, e.post_data, e.headers, e.content_type, e.object_id, e.content";

fn raw_json(text: String) -> Box<RawValue> {
    // Stored JSON was produced by serde_json, so this only fails on a hand-edited database.
    RawValue::from_string(text)
        .unwrap_or_else(|_| RawValue::from_string("null".into()).unwrap_or_else(|_| unreachable!()))
}

fn event_from_row(r: &Row) -> rusqlite::Result<Event> {
    let user_id: Option<i64> = r.get(2)?;
    let user = match user_id {
        Some(pk) => Some(User {
            pk,
            email: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
            first_name: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            last_name: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(Event {
        uuid: r.get(0)?,
        timestamp: timestamp::format(r.get(1)?),
        user,
        remote_addr: r.get(6)?,
        url: r.get(7)?,
        query_params: raw_json(r.get(8)?),
        post_data: raw_json(r.get(9)?),
        headers: raw_json(r.get(10)?),
        content_type: r.get(11)?,
        object_id: r.get(12)?,
        content: raw_json(r.get(13)?),
    })
}

pub fn count(conn: &Connection, filters: &Filters) -> rusqlite::Result<u64> {
    let (where_sql, values) = filters.to_sql();
    let sql = format!("SELECT COUNT(*) FROM events {where_sql}");
    conn.prepare_cached(&sql)?
        .query_row(params_from_iter(values), |r| r.get::<_, i64>(0))
        .map(|n| n as u64)
}

pub fn page(
    conn: &Connection,
    filters: &Filters,
    order_by: &str,
    limit: u32,
    offset: u64,
) -> rusqlite::Result<Vec<Event>> {
    let (where_sql, values) = filters.to_sql();
    // `users` shares no column name with `events`, so the filters' bare names stay unambiguous.
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events e LEFT JOIN users u ON u.pk = e.user_id \
         {where_sql} {order_by} LIMIT {limit} OFFSET {offset}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(values), event_from_row)?;
    rows.collect()
}

pub fn by_uuid(conn: &Connection, uuid: &str) -> rusqlite::Result<Option<Event>> {
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events e LEFT JOIN users u ON u.pk = e.user_id WHERE e.uuid = ?"
    );
    conn.prepare_cached(&sql)?
        .query_row([uuid], event_from_row)
        .optional()
}

/// A new event as stored; used by the generator and by the insert endpoint for tests.
pub struct NewEvent {
    pub uuid: String,
    pub ts: Micros,
    pub user_id: Option<i64>,
    pub remote_addr: Option<String>,
    pub url: Option<String>,
    pub query_params: String,
    pub post_data: String,
    pub headers: String,
    pub content_type: i64,
    pub object_id: Option<i64>,
    pub content: String,
}

const INSERT_EVENT: &str = "INSERT INTO events (uuid, ts, user_id, remote_addr, url, \
    query_params, post_data, headers, content_type, object_id, content) \
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

pub fn insert(conn: &Connection, e: &NewEvent) -> rusqlite::Result<()> {
    conn.prepare_cached(INSERT_EVENT)?
        .execute(rusqlite::params![
            e.uuid,
            e.ts,
            e.user_id,
            e.remote_addr,
            e.url,
            e.query_params,
            e.post_data,
            e.headers,
            e.content_type,
            e.object_id,
            e.content
        ])?;
    Ok(())
}

/// `WHERE a AND b …`, or nothing for no conditions.
pub fn where_clause(conditions: &[String]) -> String {
    if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    }
}

/// Events meeting `conditions` (SQL over `events`' own columns, ANDed, `values` bound in order),
/// in `order_by`, at most `limit` of them, each with its stored timestamp (a keyset's position).
pub fn events_matching(
    conn: &Connection,
    conditions: &[String],
    values: &[rusqlite::types::Value],
    order_by: &str,
    limit: u64,
) -> rusqlite::Result<Vec<(Micros, Event)>> {
    let where_sql = where_clause(conditions);
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM events e LEFT JOIN users u ON u.pk = e.user_id \
         {where_sql} {order_by} LIMIT {limit}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(values), |r| {
        Ok((r.get::<_, i64>(1)?, event_from_row(r)?))
    })?;
    rows.collect()
}

/// Whether any event meets `conditions`.
pub fn exists_matching(
    conn: &Connection,
    conditions: &[String],
    values: &[rusqlite::types::Value],
) -> rusqlite::Result<bool> {
    let sql = format!(
        "SELECT EXISTS (SELECT 1 FROM events e {})",
        where_clause(conditions)
    );
    conn.prepare_cached(&sql)?
        .query_row(params_from_iter(values), |r| r.get(0))
}
