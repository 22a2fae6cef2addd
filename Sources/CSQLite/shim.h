#ifndef CSQLITE_SHIM_H
#define CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro cast that Swift cannot import: tells SQLite to copy bound text and blobs.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }

/// sqlite3_db_config is variadic; this wraps the one integer-flag form we use.
static inline int csqlite_db_config_flag(sqlite3 *db, int op, int value) {
    int out = 0;
    return sqlite3_db_config(db, op, value, &out);
}

/// sqlite3_config is variadic too: the one integer form we use (before SQLite initialises).
static inline int csqlite_config_int(int op, int value) { return sqlite3_config(op, value); }
#endif
