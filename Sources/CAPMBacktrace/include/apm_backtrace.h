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

#ifndef APM_BACKTRACE_H
#define APM_BACKTRACE_H

#include <stddef.h>
#include <stdint.h>

/// Records the calling thread's program counters by following the frame-pointer chain, skipping
/// `skip` frames above the caller's, into `out` (at most `capacity`); returns how many it wrote.
/// Return addresses are moved back one byte into their call instruction; where a frame was called
/// by the Swift concurrency runtime (an async function's current part), the chain continues
/// through the task's async contexts (their resume points, unadjusted). Reads only the thread's
/// own stack (bounds checked) and async contexts, allocates nothing, and looks nothing up.
size_t apm_backtrace_capture(uint64_t *out, size_t capacity, size_t skip);

#endif
