#ifndef C_MALLOC_COUNTER_H
#define C_MALLOC_COUNTER_H

#include <stdint.h>

/// Starts counting allocations (malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign)
/// on every thread; the counters keep their values until `malloc_counter_reset`.
void malloc_counter_start(void);

/// Stops counting.
void malloc_counter_stop(void);

/// Sets every counter to zero.
void malloc_counter_reset(void);

/// Allocations counted on the calling thread.
uint64_t malloc_counter_thread_count(void);

/// Allocations counted on all threads.
uint64_t malloc_counter_total_count(void);

#endif
