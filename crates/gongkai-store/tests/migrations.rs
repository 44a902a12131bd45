//! Both backends carry the same migrations, version for version and name for name.

use gongkai_store::{Dialect, Store};

#[test]
fn sqlite_and_postgres_migrations_match() {
    let sqlite = Store::migrations(Dialect::Sqlite);
    let postgres = Store::migrations(Dialect::Postgres);
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
}
