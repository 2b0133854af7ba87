#ifndef CSQLITERAW_SHIM_H
#define CSQLITERAW_SHIM_H

// Plain SQLite for the benchmark's baseline: rows inserted without the agent's queue code.
#include <sqlite3.h>

#endif
