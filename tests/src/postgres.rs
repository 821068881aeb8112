//! A fresh PostgreSQL database per test, on the server `LARIS_TEST_POSTGRES_URL` points at.
//! Under `CI=true` a missing URL fails the test: CI must never skip PostgreSQL silently.

use std::process::Command;

/// The admin URL, or None when PostgreSQL tests should be skipped (never under CI).
pub fn admin_url() -> Option<String> {
    match std::env::var("LARIS_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but LARIS_TEST_POSTGRES_URL is not set: PostgreSQL tests must run in CI"
            );
            eprintln!("LARIS_TEST_POSTGRES_URL not set: skipping the PostgreSQL run");
            None
        }
    }
}

/// A database created for one test and dropped after it.
#[derive(Debug)]
pub struct TestDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl TestDatabase {
    pub fn create(admin_url: &str) -> TestDatabase {
        let name = format!("laris_e2e_{}", uuid::Uuid::now_v7().simple());
        psql(admin_url, &format!("CREATE DATABASE {name}"));
        let (base, _) = admin_url
            .rsplit_once('/')
            .expect("a URL with a database name");
        TestDatabase {
            admin_url: admin_url.to_string(),
            url: format!("{base}/{name}"),
            name,
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let _ = Command::new("psql")
            .args([
                &self.admin_url,
                "-qc",
                &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            ])
            .output();
    }
}

fn psql(url: &str, sql: &str) {
    let out = Command::new("psql")
        .args([url, "-v", "ON_ERROR_STOP=1", "-qc", sql])
        .output()
        .expect("psql is installed (Debian package postgresql-client)");
    assert!(
        out.status.success(),
        "psql {sql:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
