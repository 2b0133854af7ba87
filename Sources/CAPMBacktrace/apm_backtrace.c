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

#include <pthread.h>

/// This thread's stack, found at its first capture.
static __thread uintptr_t stack_low, stack_high;

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
    if (stack_high == 0) find_stack();
    if (stack_high == 0) return 0;

    size_t count = 0;
    uintptr_t frame = (uintptr_t)__builtin_frame_address(0);
    // This function's frame record holds its caller's program counter: the first frame.
    while (count < capacity && on_stack(frame)) {
        uintptr_t next = ((uintptr_t *)frame)[0];
        uintptr_t returnAddress = ((uintptr_t *)frame)[1];
        if (returnAddress == 0) break;
        if (skip > 0) skip--;
        else out[count++] = returnAddress - 1;
        if (next <= frame) break;
        frame = next;
    }
    return count;
}
