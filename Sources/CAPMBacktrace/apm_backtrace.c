//===----------------------------------------------------------------------===//
//
// This source file is part of the apm-agent-swift open source project
//
// Copyright (c) 2026 the apm-agent-swift project authors
// Licensed under Apache License v2.0
//
// See LICENSE for license information
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#define _GNU_SOURCE
#include "apm_backtrace.h"

#include <dlfcn.h>
#include <link.h>
#include <pthread.h>

/// The executable segment of the Swift concurrency runtime (`swift_job_run`'s), found once.
static uintptr_t concurrency_low, concurrency_high;
static pthread_once_t concurrency_once = PTHREAD_ONCE_INIT;

/// This thread's stack, found at its first capture.
static __thread uintptr_t stack_low, stack_high;

struct segment_search {
    uintptr_t probe, low, high;
};

static int find_segment(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    struct segment_search *search = data;
    for (ElfW(Half) index = 0; index < info->dlpi_phnum; index++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[index];
        if (header->p_type != PT_LOAD || !(header->p_flags & PF_X)) continue;
        uintptr_t low = info->dlpi_addr + header->p_vaddr;
        uintptr_t high = low + header->p_memsz;
        if (search->probe >= low && search->probe < high) {
            search->low = low;
            search->high = high;
            return 1;
        }
    }
    return 0;
}

static void find_concurrency(void) {
    void *probe = dlsym(RTLD_DEFAULT, "swift_job_run");
    if (probe == NULL) return;
    struct segment_search search = {(uintptr_t)probe, 0, 0};
    if (dl_iterate_phdr(find_segment, &search)) {
        concurrency_low = search.low;
        concurrency_high = search.high;
    }
}

static void find_stack(void) {
    pthread_attr_t attributes;
    if (pthread_getattr_np(pthread_self(), &attributes) != 0) return;
    void *address = NULL;
    size_t size = 0;
    if (pthread_attr_getstack(&attributes, &address, &size) == 0) {
        stack_low = (uintptr_t)address;
        stack_high = (uintptr_t)address + size;
    }
    pthread_attr_destroy(&attributes);
}

static int on_stack(uintptr_t frame) {
    return frame >= stack_low && frame + 2 * sizeof(uintptr_t) <= stack_high && (frame % sizeof(uintptr_t)) == 0;
}

__attribute__((noinline)) size_t apm_backtrace_capture(uint64_t *out, size_t capacity, size_t skip) {
    pthread_once(&concurrency_once, find_concurrency);
    if (stack_high == 0) find_stack();
    if (stack_high == 0) return 0;

    size_t count = 0;
    uintptr_t frame = (uintptr_t)__builtin_frame_address(0);
    // This function's frame record holds its caller's program counter: the first frame.
    while (count < capacity && on_stack(frame)) {
        uintptr_t next = ((uintptr_t *)frame)[0];
        uintptr_t returnAddress = ((uintptr_t *)frame)[1];
        if (returnAddress == 0) break;
        if (returnAddress >= concurrency_low && returnAddress < concurrency_high && concurrency_high != 0) {
            // `frame` belongs to an async function's current part, called by the executor: its async
            // context sits just below its frame record, and each context holds its caller's context
            // and resume point.
            uintptr_t context = ((uintptr_t *)frame)[-1];
            while (count < capacity && context != 0 && (context % sizeof(uintptr_t)) == 0) {
                uintptr_t resume = ((uintptr_t *)context)[1];
                if (resume == 0) break;
                if (skip > 0) skip--;
                else out[count++] = resume;
                context = ((uintptr_t *)context)[0];
            }
            break;
        }
        if (skip > 0) skip--;
        else out[count++] = returnAddress - 1;
        if (next <= frame) break;
        frame = next;
    }
    return count;
}
