// Replaces the allocation entry points of the C library in the apm-bench executable: the
// definitions here take precedence over libc's for every library of the process (ELF symbol
// interposition), count the call while counting is on, and forward to glibc's own
// implementations (`__libc_malloc` and friends). Counting is off by default so the timed
// benchmarks pay one relaxed load per allocation.
#define _GNU_SOURCE
#include "CMallocCounter.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *pointer);

static atomic_bool counting;
static atomic_uint_fast64_t total_count;
static atomic_uint_fast64_t generation;
static __thread uint64_t thread_count;
static __thread uint64_t thread_generation;

static inline void count_allocation(void) {
    if (!atomic_load_explicit(&counting, memory_order_relaxed)) return;
    uint64_t current = atomic_load_explicit(&generation, memory_order_relaxed);
    if (thread_generation != current) {
        thread_generation = current;
        thread_count = 0;
    }
    thread_count += 1;
    atomic_fetch_add_explicit(&total_count, 1, memory_order_relaxed);
}

void malloc_counter_start(void) { atomic_store(&counting, true); }

void malloc_counter_stop(void) { atomic_store(&counting, false); }

void malloc_counter_reset(void) {
    atomic_fetch_add(&generation, 1);
    atomic_store(&total_count, 0);
}

uint64_t malloc_counter_thread_count(void) {
    return thread_generation == atomic_load(&generation) ? thread_count : 0;
}

uint64_t malloc_counter_total_count(void) { return atomic_load(&total_count); }

void *malloc(size_t size) {
    count_allocation();
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    count_allocation();
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    count_allocation();
    return __libc_realloc(pointer, size);
}

void free(void *pointer) { __libc_free(pointer); }

void *memalign(size_t alignment, size_t size) {
    count_allocation();
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    count_allocation();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0) return EINVAL;
    count_allocation();
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return ENOMEM;
    *result = pointer;
    return 0;
}
