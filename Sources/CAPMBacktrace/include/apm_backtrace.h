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
/// Return addresses are moved back one byte into their call instruction. An async function shows
/// as its current part, called by the concurrency runtime's executor: its async callers are not
/// followed (telling an async frame from a synchronous one needs a symbol lookup). Reads only the
/// thread's own stack (bounds checked), allocates nothing, and looks nothing up.
size_t apm_backtrace_capture(uint64_t *out, size_t capacity, size_t skip);

#endif
