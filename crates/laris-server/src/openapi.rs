//! The OpenAPI 3 document of the HTTP API, served at `laris_protocol::v1::api::OPENAPI`.
//! Hand-written: the sync bodies are binary (postcard, described by the laris-protocol v1
//! types) and the JSON bodies are small; a test checks every route of the router is here.

use laris_protocol::codec::{CONTENT_TYPE_JSON, CONTENT_TYPE_POSTCARD};
use laris_protocol::v1::api;
use serde_json::{Value, json};

/// Every (method, path) the router serves.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", api::HEALTHZ),
    ("get", api::OPENAPI),
    ("post", api::PAIR),
    ("post", api::HANDSHAKE),
    ("post", api::PUSH),
    ("post", api::PULL),
    ("get", api::PROOF),
    ("post", api::OWNER_LOGIN),
    ("post", api::OWNER_PAIRING_CODES),
    ("get", api::OWNER_DEVICES),
    ("post", api::OWNER_DEVICE_REVOKE),
    ("get", api::OWNER_SUMMARY),
    ("get", api::OWNER_DEVICE_PROOF),
    ("post", api::OWNER_LOGOUT),
    ("get", api::OWNER_SESSIONS),
    ("post", api::OWNER_SESSION_REVOKE),
];

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn json_content(schema: Value) -> Value {
    json!({ CONTENT_TYPE_JSON: { "schema": schema } })
}

/// A binary sync body: postcard of the named laris-protocol v1 type (or JSON of it).
fn sync_content(type_name: &str) -> Value {
    json!({
        CONTENT_TYPE_POSTCARD: {
            "schema": { "type": "string", "format": "binary",
                        "description": format!("postcard of laris_protocol::v1::{type_name}; Content-Encoding zstd, gzip or identity") }
        },
        CONTENT_TYPE_JSON: {
            "schema": { "type": "object", "description": format!("laris_protocol::v1::{type_name} as JSON") }
        }
    })
}

fn errors(codes: &[u16]) -> Value {
    let mut out = serde_json::Map::new();
    for code in codes {
        let mut response = json!({ "description": "JSON error", "content": json_content(schema_ref("ErrorBody")) });
        if matches!(code, 429 | 503) {
            response["headers"] = json!({ "Retry-After": {
                "description": "seconds to wait before trying again",
                "schema": { "type": "integer" } } });
        }
        out.insert(code.to_string(), response);
    }
    Value::Object(out)
}

fn operation(
    summary: &str,
    security: Option<&str>,
    request: Option<Value>,
    ok: Value,
    error_codes: &[u16],
) -> Value {
    let mut responses = errors(error_codes);
    responses["200"] = json!({ "description": "OK", "content": ok });
    let mut op = json!({ "summary": summary, "responses": responses });
    if let Some(scheme) = security {
        op["security"] = json!([{ scheme: [] }]);
    }
    if let Some(content) = request {
        op["requestBody"] = json!({ "required": true, "content": content });
    }
    op
}

fn path_param(name: &str) -> Value {
    json!([{ "name": name, "in": "path", "required": true,
             "schema": { "type": "string", "format": "uuid" } }])
}

fn string() -> Value {
    json!({ "type": "string" })
}

fn int() -> Value {
    json!({ "type": "integer", "format": "int64" })
}

fn object(required: &[&str], props: Value) -> Value {
    json!({ "type": "object", "required": required, "properties": props })
}

fn schemas() -> Value {
    let uuid = json!({ "type": "string", "format": "uuid" });
    let nullable_int = json!({ "type": ["integer", "null"], "format": "int64" });
    let summary_row = object(
        &["key", "sales", "total"],
        json!({ "key": string(), "sales": int(), "total": int() }),
    );
    json!({
        "ErrorBody": object(&["code", "message"], json!({ "code": string(), "message": string() })),
        "PairRequest": object(&["code", "device_id", "device_name", "device_code"], json!({
            "code": string(), "device_id": uuid, "device_name": string(), "device_code": string() })),
        "PairReply": object(&["store_id", "store_name", "device_id", "credential"], json!({
            "store_id": uuid, "store_name": string(), "device_id": uuid,
            "credential": { "type": "string", "description": "shown once; the server keeps a hash" } })),
        "OwnerLogin": object(&["email", "password"], json!({ "email": string(), "password": string() })),
        "OwnerSession": object(&["store_id", "token", "expires_at_ms"], json!({
            "store_id": uuid, "token": string(), "expires_at_ms": int() })),
        "OwnerSessionInfo": object(&["session_id", "created_at_ms", "expires_at_ms", "current"], json!({
            "session_id": uuid, "created_at_ms": int(), "expires_at_ms": int(),
            "revoked_at_ms": nullable_int,
            "current": { "type": "boolean", "description": "the session of the request" } })),
        "PairingCode": object(&["code", "expires_at_ms"], json!({ "code": string(), "expires_at_ms": int() })),
        "DeviceSummary": object(&["device_id", "name", "code", "paired_at_ms", "acked_seq"], json!({
            "device_id": uuid, "name": string(), "code": string(), "paired_at_ms": int(),
            "revoked_at_ms": nullable_int, "acked_seq": int(), "last_seen_ms": nullable_int })),
        "QuarantinedEvent": object(&["seq", "code", "message"], json!({ "seq": int(), "code": string(), "message": string() })),
        "SeqRange": object(&["first", "last"], json!({ "first": int(), "last": int() })),
        "ProofV1": object(&["device_id", "server_epoch", "events", "gaps", "sales", "sales_total",
                           "duplicates_rejected", "quarantined"], json!({
            "device_id": uuid, "server_epoch": uuid, "first_seq": nullable_int, "last_seq": nullable_int,
            "events": int(), "gaps": { "type": "array", "items": schema_ref("SeqRange") },
            "sales": int(), "sales_total": int(), "duplicates_rejected": int(),
            "quarantined": { "type": "array", "items": schema_ref("QuarantinedEvent") } })),
        "SummaryRow": summary_row,
        "SalesSummary": object(&["from", "to", "sales", "total", "by_day", "by_device", "by_method"], json!({
            "from": string(), "to": string(), "sales": int(), "total": int(),
            "by_day": { "type": "array", "items": schema_ref("SummaryRow") },
            "by_device": { "type": "array", "items": schema_ref("SummaryRow") },
            "by_method": { "type": "array", "items": schema_ref("SummaryRow") } })),
    })
}

/// The document.
pub fn document() -> Value {
    let device = Some("deviceCredential");
    let owner = Some("ownerSession");
    let sync_errors: &[u16] = &[400, 401, 403, 408, 413, 415, 500];
    let summary_params = json!([
        { "name": "from", "in": "query", "schema": { "type": "string", "format": "date" },
          "description": "first day, YYYY-MM-DD (default: today)" },
        { "name": "to", "in": "query", "schema": { "type": "string", "format": "date" },
          "description": "last day, inclusive (default: today, or from when later)" },
        { "name": "tz_offset_minutes", "in": "query", "schema": { "type": "integer", "default": 420 },
          "description": "the shop's UTC offset (WIB 420, WITA 480, WIT 540)" }
    ]);
    let mut revoke = operation(
        "Revoke a device of the owner's store",
        owner,
        None,
        json_content(schema_ref("DeviceSummary")),
        &[400, 401, 404, 500],
    );
    revoke["parameters"] = path_param("device_id");
    let mut owner_proof = operation(
        "Proof of sync of one device of the owner's store",
        owner,
        None,
        json_content(schema_ref("ProofV1")),
        &[400, 401, 404, 500],
    );
    owner_proof["parameters"] = path_param("device_id");
    let mut summary = operation(
        "Sales totals by day, device and payment method",
        owner,
        None,
        json_content(schema_ref("SalesSummary")),
        &[400, 401, 500],
    );
    summary["parameters"] = summary_params;
    let mut session_revoke = operation(
        "Revoke one of the store's owner sessions",
        owner,
        None,
        json_content(schema_ref("OwnerSessionInfo")),
        &[400, 401, 404, 500],
    );
    session_revoke["parameters"] = path_param("session_id");
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Laris sync server",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Offline-first point of sale: devices push their outbox and pull the store's changes. Every error is JSON {code, message}."
        },
        "components": {
            "securitySchemes": {
                "deviceCredential": { "type": "http", "scheme": "bearer",
                    "description": "the credential a device got from /v1/pair" },
                "ownerSession": { "type": "http", "scheme": "bearer",
                    "description": "the token of /v1/owner/login" }
            },
            "schemas": schemas()
        },
        "paths": {
            api::HEALTHZ: { "get": operation("Liveness", None, None,
                json_content(object(&["status"], json!({ "status": string() }))), &[]) },
            api::OPENAPI: { "get": operation("This document", None, None,
                json_content(json!({ "type": "object" })), &[]) },
            api::PAIR: { "post": operation("Trade a single-use pairing code for a device credential", None,
                Some(json_content(schema_ref("PairRequest"))), json_content(schema_ref("PairReply")),
                &[400, 401, 403, 413, 415, 429, 500]) },
            api::HANDSHAKE: { "post": operation("Start a sync round: epoch, acknowledged seq, head, limits", device,
                Some(sync_content("Handshake")), sync_content("HandshakeReply"), sync_errors) },
            api::PUSH: { "post": operation("Push outbox events in seq order", device,
                Some(sync_content("PushRequest")), sync_content("PushReply"), sync_errors) },
            api::PULL: { "post": operation("Pull the store's changes after a cursor (not the caller's own)", device,
                Some(sync_content("PullRequest")), sync_content("PullReply"), sync_errors) },
            api::PROOF: { "get": operation("Proof of sync: what the server holds of the calling device", device,
                None, json_content(schema_ref("ProofV1")), &[401, 403, 500]) },
            api::OWNER_LOGIN: { "post": operation(
                "Owner login: rate limited per address and account (429 rate_limited), locked after repeated failures (429 account_locked), 503 busy when every password check is taken", None,
                Some(json_content(schema_ref("OwnerLogin"))), json_content(schema_ref("OwnerSession")),
                &[400, 401, 413, 415, 429, 500, 503]) },
            api::OWNER_PAIRING_CODES: { "post": operation("A new single-use, expiring pairing code", owner,
                None, json_content(schema_ref("PairingCode")), &[401, 500]) },
            api::OWNER_DEVICES: { "get": operation("The store's devices", owner, None,
                json_content(json!({ "type": "array", "items": schema_ref("DeviceSummary") })), &[401, 500]) },
            api::OWNER_DEVICE_REVOKE: { "post": revoke },
            api::OWNER_SUMMARY: { "get": summary },
            api::OWNER_DEVICE_PROOF: { "get": owner_proof },
            api::OWNER_LOGOUT: { "post": operation("Log out: revoke the presenting session", owner,
                None, json_content(schema_ref("OwnerSessionInfo")), &[401, 500]) },
            api::OWNER_SESSIONS: { "get": operation("The store's owner sessions, newest first", owner, None,
                json_content(json!({ "type": "array", "items": schema_ref("OwnerSessionInfo") })), &[401, 500]) },
            api::OWNER_SESSION_REVOKE: { "post": session_revoke },
        }
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
        assert_eq!(doc["paths"].as_object().unwrap().len(), ROUTES.len());
    }
}
