//! The OpenAPI 3.1 document of the HTTP API, served at `laris_protocol::v1::api::OPENAPI`.
//!
//! The paths, parameters and responses are written here; the schema of every JSON body is
//! generated from its laris-protocol type (schemars, JSON Schema 2020-12, which is OpenAPI
//! 3.1's schema dialect) into `components/schemas`, so a client can be generated from it. The
//! sync endpoints take and answer postcard (binary) or JSON of the same types. Tests check that
//! every route of the router is here with its method, that every `$ref` resolves, and that real
//! replies validate against the schemas documented for them.

use std::sync::LazyLock;

use laris_protocol::codec::{CONTENT_TYPE_JSON, CONTENT_TYPE_POSTCARD};
use laris_protocol::v1::api::{
    self, DeviceSummary, OwnerLogin, OwnerSession, OwnerSessionInfo, PairReply, PairRequest,
    PairingCode, ProofV1, SignupReply, SignupRequest,
};
use laris_protocol::v1::{
    ErrorBody, Handshake, HandshakeReply, PullReply, PullRequest, PushReply, PushRequest,
    RecoverReply, RecoverRequest, SeqConflict,
};
use schemars::generate::{SchemaGenerator, SchemaSettings};
use schemars::{JsonSchema, Schema};
use serde_json::{Map, Value, json};

use crate::summary::{DEFAULT_TZ_OFFSET_MINUTES, MAX_DAYS, OwnerSummary};

/// Every (method, path) the router serves.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", api::HEALTHZ),
    ("get", api::OPENAPI),
    ("post", api::PAIR),
    ("post", api::HANDSHAKE),
    ("post", api::PUSH),
    ("post", api::PULL),
    ("get", api::PROOF),
    ("post", api::RECOVER),
    ("post", api::OWNER_LOGIN),
    ("post", api::SIGNUP),
    ("post", api::OWNER_PAIRING_CODES),
    ("get", api::OWNER_DEVICES),
    ("post", api::OWNER_DEVICE_REVOKE),
    ("post", api::OWNER_DEVICE_PAIRING_CODE),
    ("get", api::OWNER_SUMMARY),
    ("get", api::OWNER_DEVICE_PROOF),
    ("post", api::OWNER_LOGOUT),
    ("get", api::OWNER_SESSIONS),
    ("post", api::OWNER_SESSION_REVOKE),
];

/// The security schemes' names.
pub const DEVICE_AUTH: &str = "deviceCredential";
pub const OWNER_AUTH: &str = "ownerSession";

static DOCUMENT: LazyLock<Value> = LazyLock::new(build);

/// The document (built once).
pub fn document() -> Value {
    DOCUMENT.clone()
}

/// Adds the bounds of the integer formats schemars leaves open (it bounds only 8- and 16-bit
/// integers, and unsigned ones from below), so a value that would not fit is out of the schema.
fn integer_bounds(schema: &mut Schema) {
    let bounds: Option<(Value, Value)> = match schema.get("format").and_then(Value::as_str) {
        Some("int32") => Some((i32::MIN.into(), i32::MAX.into())),
        Some("int64") => Some((i64::MIN.into(), i64::MAX.into())),
        Some("uint32") => Some((0.into(), u32::MAX.into())),
        Some("uint64") => Some((0.into(), u64::MAX.into())),
        _ => None,
    };
    if let (Some((min, max)), Some(obj)) = (bounds, schema.as_object_mut()) {
        obj.entry("minimum").or_insert(min);
        obj.entry("maximum").or_insert(max);
    }
    schemars::transform::transform_subschemas(&mut integer_bounds, schema);
}

/// The generated schemas: `schema::<T>()` answers a `$ref` to `T`'s (or an inline schema for
/// arrays and primitives), and `finish` the components they refer to.
struct Schemas(SchemaGenerator);

impl Schemas {
    fn new() -> Self {
        let settings = SchemaSettings::draft2020_12()
            .with(|s| {
                s.definitions_path = "/components/schemas".into();
                s.meta_schema = None;
            })
            .with_transform(integer_bounds);
        Schemas(settings.into_generator())
    }

    fn schema<T: JsonSchema>(&mut self) -> Value {
        let mut schema = self.0.subschema_for::<T>();
        integer_bounds(&mut schema);
        schema.to_value()
    }

    fn finish(mut self) -> Map<String, Value> {
        let mut defs = self.0.take_definitions(true);
        defs.insert(
            "Health".into(),
            json!({
                "type": "object",
                "description": "The server is up.",
                "required": ["status"],
                "properties": { "status": { "type": "string", "const": "ok" } }
            }),
        );
        defs.insert(
            "OpenApiDocument".into(),
            json!({
                "type": "object",
                "description": "This document (OpenAPI 3.1).",
                "required": ["openapi", "info", "paths"],
                "properties": {
                    "openapi": { "type": "string" },
                    "info": { "type": "object" },
                    "paths": { "type": "object" },
                    "components": { "type": "object" }
                }
            }),
        );
        defs
    }
}

fn component(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn json_content(schema: Value) -> Value {
    json!({ CONTENT_TYPE_JSON: { "schema": schema } })
}

/// A sync body: postcard of the laris-protocol v1 type, or JSON of it (`schema`).
fn sync_content(type_name: &str, schema: Value) -> Value {
    json!({
        CONTENT_TYPE_POSTCARD: {
            "schema": {
                "type": "string",
                "format": "binary",
                "description": format!(
                    "postcard of laris_protocol::v1::{type_name} (the JSON form's fields, in \
                     order); Content-Encoding zstd, gzip or identity")
            }
        },
        CONTENT_TYPE_JSON: { "schema": schema }
    })
}

/// An error reply: JSON `ErrorBody` (the codes it may carry are in `description`).
fn error(description: &str) -> Value {
    json!({ "description": description, "content": json_content(component("ErrorBody")) })
}

/// An error reply that says when to try again.
fn retry_later(description: &str) -> Value {
    let mut response = error(description);
    response["headers"] = json!({
        "Retry-After": {
            "description": "whole seconds to wait before trying again",
            "required": true,
            "schema": { "type": "integer", "minimum": 1 }
        }
    });
    response
}

const E400_JSON: &str = "`malformed_body` (not the documented JSON), `unreadable_body`, \
    `bad_compression`, `invalid_field`";
const E400_SYNC: &str = "`malformed_body`, `unreadable_body`, `bad_compression`, \
    `invalid_field`, `unsupported_version` (handshake)";
const E401_DEVICE: &str = "`missing_credential` (no `Authorization: Bearer`), \
    `invalid_credential` (unknown device credential)";
const E401_OWNER: &str = "`missing_credential` (no `Authorization: Bearer`), \
    `invalid_session` (unknown, expired or revoked session)";
const E403_DEVICE: &str = "`device_revoked`; on handshake and push also `wrong_store`, \
    `wrong_device` (the body names another store or device than the credential)";
const E408: &str = "`body_timeout`: the body did not arrive in time (the connection closes)";
const E413: &str = "`body_too_large` (as sent or once decompressed)";
const E413_SYNC: &str = "`body_too_large` (as sent or once decompressed), `too_many_items` \
    (more events than the handshake's limits allow)";
const E415: &str = "`unsupported_encoding`: a Content-Type or Content-Encoding the endpoint does \
    not take";
const E500: &str = "`internal` (details are in the server log only)";

/// The replies of a request with a body: 400, 408, 413, 415.
fn body_errors(sync: bool) -> Vec<(u16, Value)> {
    vec![
        (400, error(if sync { E400_SYNC } else { E400_JSON })),
        (408, error(E408)),
        (413, error(if sync { E413_SYNC } else { E413 })),
        (415, error(E415)),
    ]
}

struct Operation {
    value: Value,
}

impl Operation {
    fn new(id: &str, tag: &str, summary: &str, ok: Value) -> Self {
        Operation {
            value: json!({
                "operationId": id,
                "tags": [tag],
                "summary": summary,
                "responses": { "200": ok }
            }),
        }
    }

    fn security(mut self, scheme: &str) -> Self {
        self.value["security"] = json!([{ scheme: [] }]);
        self
    }

    fn body(mut self, content: Value) -> Self {
        self.value["requestBody"] = json!({ "required": true, "content": content });
        self
    }

    fn path_param(mut self, name: &str, description: &str) -> Self {
        self.value["parameters"] = json!([{
            "name": name, "in": "path", "required": true, "description": description,
            "schema": { "type": "string", "format": "uuid" }
        }]);
        self
    }

    fn params(mut self, params: Value) -> Self {
        self.value["parameters"] = params;
        self
    }

    fn errors(mut self, errors: impl IntoIterator<Item = (u16, Value)>) -> Self {
        for (status, response) in errors {
            self.value["responses"][status.to_string()] = response;
        }
        self
    }

    fn device(self) -> Self {
        self.security(DEVICE_AUTH).errors([
            (401, error(E401_DEVICE)),
            (403, error(E403_DEVICE)),
            (500, error(E500)),
        ])
    }

    fn owner(self) -> Self {
        self.security(OWNER_AUTH)
            .errors([(401, error(E401_OWNER)), (500, error(E500))])
    }
}

fn ok(description: &str, content: Value) -> Value {
    json!({ "description": description, "content": content })
}

fn build() -> Value {
    let mut s = Schemas::new();
    // Referred to by name from every error reply (`error`).
    s.schema::<ErrorBody>();
    let not_found = |what: &str| (404, error(&format!("`not_found`: {what}")));
    let bad_id = |name: &str| {
        (
            400,
            error(&format!("`invalid_field`: {name} is not a UUID")),
        )
    };

    let pair = Operation::new(
        "pair",
        "device",
        "Trade a single-use pairing code and the device's own key for its credential",
        ok(
            "Paired: the device credential (a retry with the same code and key gets the same)",
            json_content(s.schema::<PairReply>()),
        ),
    )
    .body(json_content(s.schema::<PairRequest>()))
    .errors(body_errors(false))
    .errors([
        (
            401,
            error("`invalid_pairing_code`: unknown, used or expired"),
        ),
        (
            403,
            error("`device_revoked`: re-enrolment needs a code made for the device"),
        ),
        (
            409,
            error("`device_exists` (paired under another key), `device_code_taken`"),
        ),
        (
            429,
            retry_later(
                "`rate_limited`: too many failed pairings from this address or on the server",
            ),
        ),
        (500, error(E500)),
    ]);

    let sync = |id: &str, summary: &str, req: (&str, Value), reply: (&str, Value)| {
        Operation::new(
            id,
            "sync",
            summary,
            ok(
                "The reply, in the request's format (compressed as Accept-Encoding allows)",
                sync_content(reply.0, reply.1),
            ),
        )
        .body(sync_content(req.0, req.1))
        .errors(body_errors(true))
        .device()
    };
    let handshake = sync(
        "handshake",
        "Start a sync round: epoch, acknowledged seq, head, server time, limits",
        ("Handshake", s.schema::<Handshake>()),
        ("HandshakeReply", s.schema::<HandshakeReply>()),
    );
    let push = sync(
        "push",
        "Push outbox events in seq order (in one transaction)",
        ("PushRequest", s.schema::<PushRequest>()),
        ("PushReply", s.schema::<PushReply>()),
    )
    .errors([(
        409,
        ok(
            "`seq_reused`: another event under a seq the server holds; nothing was applied",
            json_content(s.schema::<SeqConflict>()),
        ),
    )]);
    let pull = sync(
        "pull",
        "Pull the store's changes after a cursor (not the caller's own)",
        ("PullRequest", s.schema::<PullRequest>()),
        ("PullReply", s.schema::<PullReply>()),
    );
    let recover = sync(
        "recover",
        "The calling device's own events the server holds (after a restore from a backup)",
        ("RecoverRequest", s.schema::<RecoverRequest>()),
        ("RecoverReply", s.schema::<RecoverReply>()),
    );
    let proof = Operation::new(
        "proof",
        "sync",
        "Proof of sync: what the server holds of the calling device",
        ok("The proof", json_content(s.schema::<ProofV1>())),
    )
    .device()
    .errors([not_found("the device")]);

    let login = Operation::new(
        "ownerLogin",
        "owner",
        "Owner login (a session token, valid 7 days)",
        ok("Logged in", json_content(s.schema::<OwnerSession>())),
    )
    .body(json_content(s.schema::<OwnerLogin>()))
    .errors(body_errors(false))
    .errors([
        (401, error("`invalid_login`: wrong email or password")),
        (
            429,
            retry_later(
                "`rate_limited` (too many logins from this address or at this account), \
                 `account_locked` (after repeated failures)",
            ),
        ),
        (500, error(E500)),
        (
            503,
            retry_later("`busy`: every password check is taken; the request was not looked at"),
        ),
    ]);
    let signup = Operation::new(
        "signup",
        "owner",
        "A till's \"Daftar toko\": a new owner account with its shop, and a pairing code for \
         the till",
        ok("Signed up", json_content(s.schema::<SignupReply>())),
    )
    .body(json_content(s.schema::<SignupRequest>()))
    .errors(body_errors(false))
    .errors([
        (
            403,
            error(
                "`signup_closed`: this server signs up with a one-time link only; \
                 `invalid_invite`: that link is unknown, used or expired",
            ),
        ),
        (409, error("`email_taken`: that email has an account")),
        (
            429,
            retry_later("`rate_limited`: too many sign-ups or logins from this address"),
        ),
        (500, error(E500)),
    ]);
    let pairing_codes = Operation::new(
        "newPairingCode",
        "owner",
        "A new single-use pairing code, valid 10 minutes",
        ok("The code", json_content(s.schema::<PairingCode>())),
    )
    .owner()
    .errors([not_found("the store")]);
    let devices = Operation::new(
        "listDevices",
        "owner",
        "The store's devices",
        ok(
            "The devices",
            json_content(s.schema::<Vec<DeviceSummary>>()),
        ),
    )
    .owner();
    let revoke = Operation::new(
        "revokeDevice",
        "owner",
        "Revoke a device of the store (its credential stops working at once)",
        ok(
            "The revoked device",
            json_content(s.schema::<DeviceSummary>()),
        ),
    )
    .path_param("device_id", "the device")
    .owner()
    .errors([
        bad_id("device_id"),
        not_found("no such device in this store"),
    ]);
    let reenrol = Operation::new(
        "newReenrolmentCode",
        "owner",
        "A single-use code that re-enrols this device only (a new credential; a revoked device \
         is taken back)",
        ok("The code", json_content(s.schema::<PairingCode>())),
    )
    .path_param("device_id", "the device")
    .owner()
    .errors([
        bad_id("device_id"),
        not_found("no such device in this store"),
    ]);
    let device_proof = Operation::new(
        "deviceProof",
        "owner",
        "Proof of sync of one device of the store",
        ok("The proof", json_content(s.schema::<ProofV1>())),
    )
    .path_param("device_id", "the device")
    .owner()
    .errors([
        bad_id("device_id"),
        not_found("no such device in this store"),
    ]);
    let day = |name: &str, description: &str| {
        json!({ "name": name, "in": "query", "required": false, "description": description,
                "schema": { "type": "string", "format": "date" } })
    };
    let summary = Operation::new(
        "salesSummary",
        "owner",
        "Sales totals by day, device and payment method over shop-local days, the voids and \
         refunds made in them and the sales those returns exceed",
        ok("The summary", json_content(s.schema::<OwnerSummary>())),
    )
    .params(json!([
        day("from", "first day, YYYY-MM-DD (default: today)"),
        day("to", "last day, inclusive (default: today, or `from` when later)"),
        { "name": "tz_offset_minutes", "in": "query", "required": false,
          "description": "the shop's UTC offset in minutes (WIB 420, WITA 480, WIT 540)",
          "schema": { "type": "integer", "format": "int32", "minimum": -720, "maximum": 840,
                      "default": DEFAULT_TZ_OFFSET_MINUTES } }
    ]))
    .owner()
    .errors([(
        400,
        error(&format!(
            "`invalid_query`: a day not YYYY-MM-DD, an offset out of range, `from` after `to`, \
             or more than {MAX_DAYS} days"
        )),
    )]);
    let logout = Operation::new(
        "ownerLogout",
        "owner",
        "Log out: revoke the presenting session",
        ok(
            "The session, revoked",
            json_content(s.schema::<OwnerSessionInfo>()),
        ),
    )
    .owner()
    .errors([not_found("the session")]);
    let sessions = Operation::new(
        "listSessions",
        "owner",
        "The store's owner sessions, newest first",
        ok(
            "The sessions",
            json_content(s.schema::<Vec<OwnerSessionInfo>>()),
        ),
    )
    .owner();
    let session_revoke = Operation::new(
        "revokeSession",
        "owner",
        "Revoke one of the store's owner sessions",
        ok(
            "The session, revoked",
            json_content(s.schema::<OwnerSessionInfo>()),
        ),
    )
    .path_param("session_id", "the session")
    .owner()
    .errors([
        bad_id("session_id"),
        not_found("no such session in this store"),
    ]);
    let healthz = Operation::new(
        "health",
        "meta",
        "Liveness",
        ok("Up", json_content(component("Health"))),
    );
    let openapi = Operation::new(
        "openapi",
        "meta",
        "This document",
        ok("The document", json_content(component("OpenApiDocument"))),
    );

    let operations = [
        ("get", api::HEALTHZ, healthz),
        ("get", api::OPENAPI, openapi),
        ("post", api::PAIR, pair),
        ("post", api::HANDSHAKE, handshake),
        ("post", api::PUSH, push),
        ("post", api::PULL, pull),
        ("get", api::PROOF, proof),
        ("post", api::RECOVER, recover),
        ("post", api::OWNER_LOGIN, login),
        ("post", api::SIGNUP, signup),
        ("post", api::OWNER_PAIRING_CODES, pairing_codes),
        ("get", api::OWNER_DEVICES, devices),
        ("post", api::OWNER_DEVICE_REVOKE, revoke),
        ("post", api::OWNER_DEVICE_PAIRING_CODE, reenrol),
        ("get", api::OWNER_SUMMARY, summary),
        ("get", api::OWNER_DEVICE_PROOF, device_proof),
        ("post", api::OWNER_LOGOUT, logout),
        ("get", api::OWNER_SESSIONS, sessions),
        ("post", api::OWNER_SESSION_REVOKE, session_revoke),
    ];
    let mut paths = Map::new();
    for (method, path, op) in operations {
        let item = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        item[method] = op.value;
    }

    json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Laris sync server",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Offline-first point of sale: devices push their outbox and pull the \
                store's changes; the owner pairs and revokes devices and reads summaries. Every \
                error is JSON `ErrorBody` {code, message}; an unknown path answers 404 \
                `not_found` and a method a path does not take 405 `method_not_allowed`. Sync \
                bodies are postcard (`application/x-laris-v1+postcard`) or JSON of the same \
                types, optionally compressed (`Content-Encoding: zstd|gzip`); the reply uses the \
                request's format and the best compression `Accept-Encoding` allows. The owner's back \
                office (the web app at `/` and its JSON API under `/v1/web`, signed in by a session \
                cookie) is not part of this document: its contract is crates/laris-server/src/web \
                (paths.rs, wire.rs), generated into the app's TypeScript."
        },
        "tags": [
            { "name": "device", "description": "Pairing a device" },
            { "name": "sync", "description": "A paired device's sync rounds and proof" },
            { "name": "owner", "description": "The store owner's endpoints" },
            { "name": "meta", "description": "Health and this document" }
        ],
        "components": {
            "securitySchemes": {
                DEVICE_AUTH: { "type": "http", "scheme": "bearer",
                    "description": "the credential a device got from /v1/pair" },
                OWNER_AUTH: { "type": "http", "scheme": "bearer",
                    "description": "the token of /v1/owner/login" }
            },
            "schemas": s.finish()
        },
        "paths": paths
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_documented() {
        let doc = document();
        for (method, path) in ROUTES {
            assert!(doc["paths"][path][method].is_object(), "{method} {path}");
        }
        let documented: usize = doc["paths"]
            .as_object()
            .unwrap()
            .values()
            .map(|item| item.as_object().unwrap().len())
            .sum();
        assert_eq!(documented, ROUTES.len());
    }

    #[test]
    fn generated_schemas_are_precise() {
        let doc = document();
        let schemas = &doc["components"]["schemas"];
        let handshake = &schemas["Handshake"]["properties"];
        assert_eq!(
            handshake["device_id"],
            json!({ "type": "string", "format": "uuid" })
        );
        assert_eq!(handshake["acked_seq"]["type"], "integer");
        assert_eq!(handshake["acked_seq"]["minimum"], 0);
        assert_eq!(handshake["acked_seq"]["maximum"], u64::MAX);
        assert_eq!(handshake["device_time_ms"]["minimum"], i64::MIN);
        assert_eq!(handshake["known_epoch"]["type"], json!(["string", "null"]));
        assert_eq!(handshake["protocol_version"]["maximum"], u16::MAX);
        let device = &schemas["DeviceSummary"]["properties"];
        assert_eq!(device["revoked_at_ms"]["type"], json!(["integer", "null"]));
        let stamp = &schemas["Stamped_string"]["properties"]["hlc"];
        assert_eq!(stamp["pattern"], "^[0-9a-f]{56}$");
        for name in [
            "PairRequest",
            "EventBody",
            "SaleV1",
            "ProductV1",
            "SeqConflict",
        ] {
            assert!(schemas[name].is_object(), "{name}");
        }
    }
}
