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

#ifndef APM_ELF_H
#define APM_ELF_H

#include <stddef.h>
#include <stdint.h>

/// A binary's symbol table and line programs, read with `pread` into compact indexes (no mapping
/// of the file, so the pages read are the kernel's page cache, not the process's resident set).
/// 64-bit little-endian ELF only. Not thread-safe: one thread uses a file at a time.
typedef struct apm_elf apm_elf;

/// Opens the ELF file at `path` and indexes its function symbols (`.symtab`, else `.dynsym`):
/// 16 bytes per function. Returns NULL when the file cannot be read or is not 64-bit ELF.
apm_elf *apm_elf_open(const char *path);

/// Closes `file` and frees its indexes.
void apm_elf_close(apm_elf *file);

/// The bytes `file`'s indexes hold.
size_t apm_elf_memory(const apm_elf *file);

/// Writes the name of the function containing `address` (an address in the file's own layout:
/// a process address minus the object's load bias), NUL-terminated and cut at `capacity`, into
/// `name`; returns 0 when no function symbol holds it.
int apm_elf_symbol(apm_elf *file, uint64_t address, char *name, size_t capacity);

/// Writes the source path of `address` into `path` (NUL-terminated, cut at `capacity`) and its line
/// into `line` (0: compiler-generated code) from the DWARF line programs (`.debug_line`, versions
/// 2 to 5); returns 0 when no line program covers it or the sections are compressed. The first
/// call indexes the address ranges of every line program (about 24 bytes per run of code of one
/// compilation unit); each call then decodes only the program holding `address`.
int apm_elf_line(apm_elf *file, uint64_t address, char *path, size_t capacity, uint32_t *line);

/// Copies the file's GNU build id (at most `capacity` bytes) into `out`; returns its length, 0 when
/// it has none.
size_t apm_elf_build_id(const apm_elf *file, uint8_t *out, size_t capacity);

/// Finds the loaded object (executable or shared library) of this process whose segments hold
/// `address`: writes its load bias into `bias` and its path into `path` (the executable's real path
/// for the main program); returns 0 when no object holds it.
int apm_elf_loaded_object(uint64_t address, uint64_t *bias, char *path, size_t capacity);

#endif
