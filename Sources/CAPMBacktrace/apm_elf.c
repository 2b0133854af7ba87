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
#include "apm_elf.h"

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>

// The DWARF constants the reader uses (DWARF 5, section 6.2 and 7.5; no system header has them).
enum {
    DW_LNS_copy = 1,
    DW_LNS_advance_pc = 2,
    DW_LNS_advance_line = 3,
    DW_LNS_set_file = 4,
    DW_LNS_const_add_pc = 8,
    DW_LNS_fixed_advance_pc = 9,
    DW_LNE_end_sequence = 1,
    DW_LNE_set_address = 2,
    DW_LNCT_path = 1,
    DW_LNCT_directory_index = 2,
    DW_FORM_block = 0x09,
    DW_FORM_data1 = 0x0b,
    DW_FORM_data2 = 0x05,
    DW_FORM_data4 = 0x06,
    DW_FORM_data8 = 0x07,
    DW_FORM_data16 = 0x1e,
    DW_FORM_string = 0x08,
    DW_FORM_strp = 0x0e,
    DW_FORM_udata = 0x0f,
    DW_FORM_line_strp = 0x1f,
};

// MARK: Reading

/// A section's place in the file.
typedef struct {
    uint64_t offset;
    uint64_t size;
} section;

/// A cursor over a file range, read through a small buffer with `pread`.
typedef struct {
    int fd;
    uint64_t position, end;
    uint64_t buffer_start;
    size_t buffer_length;
    int failed;
    uint8_t buffer[16384];
} cursor;

static void cursor_init(cursor *c, int fd, uint64_t start, uint64_t end) {
    c->fd = fd;
    c->position = start;
    c->end = end;
    c->buffer_start = 0;
    c->buffer_length = 0;
    c->failed = 0;
}

static uint8_t u8(cursor *c) {
    if (c->position >= c->end) {
        c->failed = 1;
        return 0;
    }
    if (c->position < c->buffer_start || c->position >= c->buffer_start + c->buffer_length) {
        uint64_t left = c->end - c->position;
        size_t want = left < sizeof c->buffer ? (size_t)left : sizeof c->buffer;
        ssize_t got = pread(c->fd, c->buffer, want, (off_t)c->position);
        if (got <= 0) {
            c->failed = 1;
            c->position = c->end;
            return 0;
        }
        c->buffer_start = c->position;
        c->buffer_length = (size_t)got;
    }
    return c->buffer[c->position++ - c->buffer_start];
}

static uint64_t fixed(cursor *c, int bytes) {
    uint64_t value = 0;
    for (int i = 0; i < bytes; i++) value |= (uint64_t)u8(c) << (8 * i);
    return value;
}

static uint64_t uleb(cursor *c) {
    uint64_t value = 0;
    int shift = 0;
    uint8_t byte;
    do {
        byte = u8(c);
        if (shift < 64) value |= (uint64_t)(byte & 0x7f) << shift;
        shift += 7;
    } while ((byte & 0x80) && !c->failed);
    return value;
}

static int64_t sleb(cursor *c) {
    int64_t value = 0;
    int shift = 0;
    uint8_t byte;
    do {
        byte = u8(c);
        if (shift < 64) value |= (int64_t)(byte & 0x7f) << shift;
        shift += 7;
    } while ((byte & 0x80) && !c->failed);
    if (shift < 64 && (byte & 0x40)) value |= -((int64_t)1 << shift);
    return value;
}

/// Moves the cursor `count` bytes on (failing past the end).
static void skip(cursor *c, uint64_t count) {
    if (count > c->end - c->position) {
        c->failed = 1;
        c->position = c->end;
    } else {
        c->position += count;
    }
}

/// Copies the NUL-terminated string at the cursor into `out` (cut at `capacity`), moving past it.
static void read_string(cursor *c, char *out, size_t capacity) {
    size_t length = 0;
    for (;;) {
        uint8_t byte = u8(c);
        if (byte == 0 || c->failed) break;
        if (out && length + 1 < capacity) out[length++] = (char)byte;
    }
    if (out && capacity > 0) out[length] = 0;
}

/// Copies the NUL-terminated string at `offset` of `table` into `out`; returns 0 when out of range.
static int string_at(int fd, section table, uint64_t offset, char *out, size_t capacity) {
    if (capacity == 0 || offset >= table.size) return 0;
    size_t length = 0;
    uint64_t position = table.offset + offset, end = table.offset + table.size;
    char chunk[256];
    while (position < end && length + 1 < capacity) {
        size_t want = end - position < sizeof chunk ? (size_t)(end - position) : sizeof chunk;
        ssize_t got = pread(fd, chunk, want, (off_t)position);
        if (got <= 0) break;
        for (ssize_t i = 0; i < got; i++) {
            if (chunk[i] == 0 || length + 1 >= capacity) {
                out[length] = 0;
                return 1;
            }
            out[length++] = chunk[i];
        }
        position += (uint64_t)got;
    }
    out[length] = 0;
    return length > 0;
}

// MARK: The file

/// A function symbol: start address, size and name offset in the string table.
typedef struct {
    uint64_t address;
    uint32_t size;
    uint32_t name;
} symbol;

/// The address range of a run of sequences of one line program: the program's header, and the
/// part of its opcodes (a sequence starts from the initial state) to decode for an address in it.
typedef struct {
    uint64_t low, high;
    uint64_t program, start, end;
} line_range;

/// The most bytes of opcodes a lookup decodes (runs of sequences are cut there when indexed).
static const uint64_t longest_run = 16384;

struct apm_elf {
    int fd;
    symbol *symbols;
    size_t symbol_count;
    section names;
    section debug_line, debug_line_str, debug_str, build_id;
    int lines_compressed;
    int lines_indexed;
    line_range *ranges;
    size_t range_count;
};

/// Sorts `count` elements of `size` bytes in place (heapsort): glibc's `qsort` allocates a copy of
/// the array for its merge sort, which would double the index's peak.
static void sort_in_place(void *base, size_t count, size_t size, int (*less)(const void *, const void *)) {
    uint8_t *bytes = base;
    uint8_t swap[64];
    if (size > sizeof swap) return;
#define ELEMENT(i) (bytes + (i) * size)
#define SWAP(i, j) (memcpy(swap, ELEMENT(i), size), memcpy(ELEMENT(i), ELEMENT(j), size), memcpy(ELEMENT(j), swap, size))
    for (size_t end = count, pass = 0; pass < 2; pass++) {
        // Pass 0 builds the heap (sifting down from the last parent); pass 1 moves the top to the end.
        for (size_t step = pass == 0 ? count / 2 : count; step-- > (pass == 0 ? 0 : 1);) {
            size_t root = pass == 0 ? step : 0;
            if (pass == 1) {
                SWAP(0, step);
                end = step;
            }
            for (;;) {
                size_t child = 2 * root + 1;
                if (child >= end) break;
                if (child + 1 < end && less(ELEMENT(child), ELEMENT(child + 1))) child++;
                if (!less(ELEMENT(root), ELEMENT(child))) break;
                SWAP(root, child);
                root = child;
            }
        }
    }
#undef SWAP
#undef ELEMENT
}

static int by_address(const void *left, const void *right) {
    return ((const symbol *)left)->address < ((const symbol *)right)->address;
}

/// Whether `entry` is a defined function with a name.
static int is_function(const Elf64_Sym *entry, section strings) {
    int type = ELF64_ST_TYPE(entry->st_info);
    return (type == STT_FUNC || type == STT_GNU_IFUNC) && entry->st_value != 0 && entry->st_shndx != SHN_UNDEF
        && entry->st_name != 0 && entry->st_name < strings.size;
}

/// Reads the function symbols of `table` (names in `strings`) in two passes, counting then
/// copying, so that the index is allocated once at its exact size.
static void index_symbols(apm_elf *file, section table, section strings) {
    size_t total = (size_t)(table.size / sizeof(Elf64_Sym));
    size_t capacity = 0;
    Elf64_Sym chunk[512];
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            if (capacity == 0 || !(file->symbols = malloc(capacity * sizeof(symbol)))) return;
        }
        for (size_t index = 0; index < total;) {
            size_t want = total - index < 512 ? total - index : 512;
            ssize_t got =
                pread(file->fd, chunk, want * sizeof(Elf64_Sym), (off_t)(table.offset + index * sizeof(Elf64_Sym)));
            if (got <= 0) break;
            size_t count = (size_t)got / sizeof(Elf64_Sym);
            for (size_t i = 0; i < count; i++) {
                if (!is_function(&chunk[i], strings)) continue;
                if (pass == 0) {
                    capacity++;
                } else if (file->symbol_count < capacity) {
                    uint64_t size = chunk[i].st_size > UINT32_MAX ? UINT32_MAX : chunk[i].st_size;
                    file->symbols[file->symbol_count++] = (symbol){chunk[i].st_value, (uint32_t)size, chunk[i].st_name};
                }
            }
            index += count;
        }
    }
    if (file->symbol_count == 0) return;
    sort_in_place(file->symbols, file->symbol_count, sizeof(symbol), by_address);
    file->names = strings;
}

apm_elf *apm_elf_open(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    Elf64_Ehdr header;
    if (pread(fd, &header, sizeof header, 0) != sizeof header || memcmp(header.e_ident, ELFMAG, SELFMAG) != 0
        || header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_ident[EI_DATA] != ELFDATA2LSB
        || header.e_shentsize != sizeof(Elf64_Shdr) || header.e_shnum == 0 || header.e_shstrndx >= header.e_shnum) {
        close(fd);
        return NULL;
    }
    Elf64_Shdr *sections = calloc(header.e_shnum, sizeof(Elf64_Shdr));
    apm_elf *file = calloc(1, sizeof(apm_elf));
    size_t bytes = (size_t)header.e_shnum * sizeof(Elf64_Shdr);
    if (!sections || !file || pread(fd, sections, bytes, (off_t)header.e_shoff) != (ssize_t)bytes) {
        free(sections);
        free(file);
        close(fd);
        return NULL;
    }
    file->fd = fd;
    section section_names = {sections[header.e_shstrndx].sh_offset, sections[header.e_shstrndx].sh_size};
    int symtab = -1, dynsym = -1;
    for (int i = 0; i < header.e_shnum; i++) {
        Elf64_Shdr *s = &sections[i];
        section place = {s->sh_offset, s->sh_type == SHT_NOBITS ? 0 : s->sh_size};
        if (s->sh_type == SHT_SYMTAB) symtab = i;
        if (s->sh_type == SHT_DYNSYM) dynsym = i;
        char name[32];
        if (!string_at(fd, section_names, s->sh_name, name, sizeof name)) continue;
        int compressed = (s->sh_flags & SHF_COMPRESSED) != 0;
        if (strcmp(name, ".debug_line") == 0) {
            file->debug_line = place;
            file->lines_compressed |= compressed;
        } else if (strcmp(name, ".debug_line_str") == 0) {
            file->debug_line_str = place;
            file->lines_compressed |= compressed;
        } else if (strcmp(name, ".debug_str") == 0) {
            file->debug_str = place;
            file->lines_compressed |= compressed;
        } else if (strcmp(name, ".note.gnu.build-id") == 0) {
            file->build_id = place;
        }
    }
    int table = symtab >= 0 ? symtab : dynsym;
    if (table >= 0 && sections[table].sh_link < header.e_shnum) {
        Elf64_Shdr *strings = &sections[sections[table].sh_link];
        index_symbols(
            file, (section){sections[table].sh_offset, sections[table].sh_size},
            (section){strings->sh_offset, strings->sh_size});
    }
    free(sections);
    return file;
}

void apm_elf_close(apm_elf *file) {
    if (!file) return;
    close(file->fd);
    free(file->symbols);
    free(file->ranges);
    free(file);
}

size_t apm_elf_memory(const apm_elf *file) {
    return sizeof(apm_elf) + file->symbol_count * sizeof(symbol) + file->range_count * sizeof(line_range);
}

int apm_elf_symbol(apm_elf *file, uint64_t address, char *name, size_t capacity) {
    size_t lower = 0, upper = file->symbol_count;
    while (lower < upper) {
        size_t middle = lower + (upper - lower) / 2;
        if (file->symbols[middle].address <= address) lower = middle + 1;
        else upper = middle;
    }
    if (lower == 0) return 0;
    // `lower - 1` is the last symbol starting at or below `address`; symbols can nest or share an
    // address, so look back a little for one whose range holds it.
    size_t nearest = lower - 1;
    for (size_t index = nearest + 1; index-- > 0 && nearest - index < 16;) {
        symbol s = file->symbols[index];
        if (address < s.address + s.size) return string_at(file->fd, file->names, s.name, name, capacity);
    }
    symbol s = file->symbols[nearest];
    if (s.size == 0) return string_at(file->fd, file->names, s.name, name, capacity);
    return 0;
}

size_t apm_elf_build_id(const apm_elf *file, uint8_t *out, size_t capacity) {
    uint8_t note[256];
    if (file->build_id.size < 16 || file->build_id.size > sizeof note) return 0;
    if (pread(file->fd, note, file->build_id.size, (off_t)file->build_id.offset) != (ssize_t)file->build_id.size) return 0;
    uint32_t name_size, descriptor_size, type;
    memcpy(&name_size, note, 4);
    memcpy(&descriptor_size, note + 4, 4);
    memcpy(&type, note + 8, 4);
    size_t start = 12 + ((name_size + 3) & ~3u);
    if (type != NT_GNU_BUILD_ID || start + descriptor_size > file->build_id.size) return 0;
    size_t length = descriptor_size < capacity ? descriptor_size : capacity;
    memcpy(out, note + start, length);
    return length;
}

// MARK: Line programs

/// A line program's header: what decoding its opcodes needs, and where its parts are.
typedef struct {
    uint64_t end;
    uint64_t tables, program;
    int version, offset_size, address_size;
    uint8_t minimum_instruction_length, line_range, opcode_base;
    int8_t line_base;
    uint8_t standard_lengths[256];
} line_header;

/// Reads the header of the line program at the cursor; 0 when it is malformed or unsupported.
static int read_line_header(cursor *c, line_header *h) {
    uint64_t length = fixed(c, 4);
    h->offset_size = 4;
    if (length == 0xffffffff) {
        length = fixed(c, 8);
        h->offset_size = 8;
    }
    h->end = c->position + length;
    h->version = (int)fixed(c, 2);
    if (h->version < 2 || h->version > 5 || h->end > c->end) return 0;
    h->address_size = 8;
    if (h->version >= 5) {
        h->address_size = u8(c);
        u8(c);  // segment selector size
    }
    uint64_t header_length = fixed(c, h->offset_size);
    h->program = c->position + header_length;
    h->minimum_instruction_length = u8(c);
    if (h->version >= 4) u8(c);  // maximum operations per instruction (VLIW only)
    u8(c);  // default_is_stmt
    h->line_base = (int8_t)u8(c);
    h->line_range = u8(c);
    h->opcode_base = u8(c);
    if (h->line_range == 0 || h->opcode_base == 0) return 0;
    memset(h->standard_lengths, 0, sizeof h->standard_lengths);
    for (int i = 1; i < h->opcode_base; i++) h->standard_lengths[i] = u8(c);
    h->tables = c->position;
    return !c->failed && h->tables <= h->program && h->program <= h->end;
}

/// One row of a line program, with where its sequence's opcodes start and (on the
/// `end_sequence` row) end.
typedef struct {
    uint64_t address, file;
    int64_t line;
    int end_sequence;
    uint64_t sequence_start, sequence_end;
} line_row;

/// Calls `row` for each row of the program's opcodes from `from` (a sequence's start) to `to`;
/// `row` returns nonzero to stop. Returns 0 when the program is malformed.
typedef int (*row_visitor)(void *context, const line_row *row);

static int run_program(cursor *c, const line_header *h, uint64_t from, uint64_t to, row_visitor row, void *context) {
    c->position = from;
    line_row state = {0, 1, 1, 0, from, 0};
    uint64_t end = to < h->end ? to : h->end;
    while (c->position < end && !c->failed) {
        uint8_t opcode = u8(c);
        if (opcode >= h->opcode_base) {
            uint8_t adjusted = opcode - h->opcode_base;
            state.address += (uint64_t)(adjusted / h->line_range) * h->minimum_instruction_length;
            state.line += h->line_base + adjusted % h->line_range;
            if (row(context, &state)) return 1;
            continue;
        }
        switch (opcode) {
        case 0: {
            uint64_t length = uleb(c);
            uint64_t start = c->position;
            if (length == 0) break;
            uint8_t extended = u8(c);
            if (extended == DW_LNE_end_sequence) {
                state.end_sequence = 1;
                state.sequence_end = start + length;
                if (row(context, &state)) return 1;
                state = (line_row){0, 1, 1, 0, start + length, 0};
            } else if (extended == DW_LNE_set_address) {
                state.address = fixed(c, (int)(length - 1 > 8 ? 8 : length - 1));
            }
            c->position = start;
            skip(c, length);
            break;
        }
        case DW_LNS_copy:
            if (row(context, &state)) return 1;
            break;
        case DW_LNS_advance_pc: state.address += uleb(c) * h->minimum_instruction_length; break;
        case DW_LNS_advance_line: state.line += sleb(c); break;
        case DW_LNS_set_file: state.file = uleb(c); break;
        case DW_LNS_const_add_pc:
            state.address += (uint64_t)((255 - h->opcode_base) / h->line_range) * h->minimum_instruction_length;
            break;
        case DW_LNS_fixed_advance_pc: state.address += fixed(c, 2); break;
        default:
            for (int i = 0; i < h->standard_lengths[opcode]; i++) uleb(c);
        }
    }
    return !c->failed;
}

/// Indexing: the address ranges of a program's sequences, merged while they follow each other
/// in both addresses and opcodes, up to ``longest_run`` bytes of opcodes.
typedef struct {
    apm_elf *file;
    uint64_t program;
    uint64_t sequence_low;
    int in_sequence;
    size_t capacity;
    int failed;
} indexing;

static int index_row(void *context, const line_row *row) {
    indexing *x = context;
    if (!x->in_sequence) {
        x->sequence_low = row->address;
        x->in_sequence = 1;
    }
    if (!row->end_sequence) return 0;
    x->in_sequence = 0;
    // Empty, or code the linker dropped (left at address 0).
    if (row->address <= x->sequence_low || x->sequence_low == 0) return 0;
    apm_elf *f = x->file;
    if (f->range_count > 0) {
        line_range *last = &f->ranges[f->range_count - 1];
        if (last->program == x->program && last->high == x->sequence_low && last->end == row->sequence_start
            && row->sequence_end - last->start <= longest_run) {
            last->high = row->address;
            last->end = row->sequence_end;
            return 0;
        }
    }
    if (f->range_count == x->capacity) {
        x->capacity = x->capacity ? x->capacity * 2 : 256;
        line_range *grown = realloc(f->ranges, x->capacity * sizeof(line_range));
        if (!grown) {
            x->failed = 1;
            return 1;
        }
        f->ranges = grown;
    }
    f->ranges[f->range_count++] =
        (line_range){x->sequence_low, row->address, x->program, row->sequence_start, row->sequence_end};
    return 0;
}

static int by_low(const void *left, const void *right) {
    return ((const line_range *)left)->low < ((const line_range *)right)->low;
}

static void index_lines(apm_elf *file) {
    file->lines_indexed = 1;
    if (file->debug_line.size == 0 || file->lines_compressed) return;
    cursor *c = malloc(sizeof(cursor));
    line_header *h = malloc(sizeof(line_header));
    if (!c || !h) {
        free(c);
        free(h);
        return;
    }
    indexing x = {file, 0, 0, 0, 0, 0};
    uint64_t end = file->debug_line.offset + file->debug_line.size;
    uint64_t position = file->debug_line.offset;
    while (position < end && !x.failed) {
        cursor_init(c, file->fd, position, end);
        if (!read_line_header(c, h)) break;
        x.program = position;
        x.in_sequence = 0;
        run_program(c, h, h->program, h->end, index_row, &x);
        position = h->end;
    }
    free(c);
    free(h);
    if (file->range_count == 0) return;
    sort_in_place(file->ranges, file->range_count, sizeof(line_range), by_low);
    // Merge neighbours of the same program whose opcodes follow: no other range lies between them.
    size_t kept = 0;
    for (size_t i = 0; i < file->range_count; i++) {
        line_range *last = kept > 0 ? &file->ranges[kept - 1] : NULL;
        line_range next = file->ranges[i];
        if (last && last->program == next.program && last->high <= next.low && next.start >= last->start
            && next.end - last->start <= longest_run) {
            last->high = next.high;
            if (next.end > last->end) last->end = next.end;
        } else {
            file->ranges[kept++] = file->ranges[i];
        }
    }
    file->range_count = kept;
    line_range *exact = realloc(file->ranges, kept * sizeof(line_range));
    if (exact) file->ranges = exact;
}

/// Lookup: the last row at or below the address in the sequence that holds it.
typedef struct {
    uint64_t address;
    int have_previous;
    uint64_t previous_address, previous_file;
    int64_t previous_line;
    int found;
    uint64_t file;
    int64_t line;
} lookup;

static int lookup_row(void *context, const line_row *row) {
    lookup *x = context;
    if (x->have_previous && x->previous_address <= x->address && x->address < row->address) {
        x->found = 1;
        x->file = x->previous_file;
        x->line = x->previous_line;
        return 1;
    }
    x->have_previous = !row->end_sequence;
    x->previous_address = row->address;
    x->previous_file = row->file;
    x->previous_line = row->line;
    return 0;
}

/// Reads one attribute value of a version-5 entry format: a string (into `text`) or a number.
static int read_form(const apm_elf *file, cursor *c, const line_header *h, uint64_t form, char *text, size_t capacity,
                     uint64_t *number) {
    if (text && capacity) text[0] = 0;
    switch (form) {
    case DW_FORM_string: read_string(c, text, capacity); return 1;
    case DW_FORM_line_strp: {
        uint64_t offset = fixed(c, h->offset_size);
        if (text) string_at(file->fd, file->debug_line_str, offset, text, capacity);
        return 1;
    }
    case DW_FORM_strp: {
        uint64_t offset = fixed(c, h->offset_size);
        if (text) string_at(file->fd, file->debug_str, offset, text, capacity);
        return 1;
    }
    case DW_FORM_udata: *number = uleb(c); return 1;
    case DW_FORM_data1: *number = fixed(c, 1); return 1;
    case DW_FORM_data2: *number = fixed(c, 2); return 1;
    case DW_FORM_data4: *number = fixed(c, 4); return 1;
    case DW_FORM_data8: *number = fixed(c, 8); return 1;
    case DW_FORM_data16: skip(c, 16); return 1;
    case DW_FORM_block: skip(c, uleb(c)); return 1;
    default: return 0;
    }
}

/// Version 5: reads a directory or file table, copying entry `index`'s path into `path` and its
/// directory index into `directory`; returns 1 when the table was read and held the entry.
static int read_entry_v5(const apm_elf *file, cursor *c, const line_header *h, uint64_t index, char *path,
                         size_t capacity, uint64_t *directory) {
    uint8_t format_count = u8(c);
    uint64_t formats[2 * 16];
    if (format_count > 16) return 0;
    for (int i = 0; i < format_count; i++) {
        formats[2 * i] = uleb(c);
        formats[2 * i + 1] = uleb(c);
    }
    uint64_t count = uleb(c);
    if (format_count == 0) return !c->failed && index < count;
    for (uint64_t entry = 0; entry < count && !c->failed; entry++) {
        for (int i = 0; i < format_count; i++) {
            uint64_t number = 0;
            int wanted = entry == index;
            int is_path = formats[2 * i] == DW_LNCT_path;
            if (!read_form(file, c, h, formats[2 * i + 1], wanted && is_path ? path : NULL, capacity, &number)) return 0;
            if (wanted && formats[2 * i] == DW_LNCT_directory_index && directory) *directory = number;
        }
    }
    return !c->failed && index < count;
}

/// Version 2 to 4: reads the include directories (1…n; 0 is the compilation directory, not
/// listed) and the files (1…n), copying file `index`'s name and directory index.
static int read_tables_v4(cursor *c, uint64_t index, char *name, size_t capacity, uint64_t *directory_index,
                          char *directory, size_t directory_capacity) {
    char entry[1024];
    uint64_t directories = c->position;
    for (;;) {
        read_string(c, entry, sizeof entry);
        if (entry[0] == 0 || c->failed) break;
    }
    for (uint64_t number = 1;; number++) {
        read_string(c, entry, sizeof entry);
        if (entry[0] == 0 || c->failed) return 0;
        uint64_t directory_number = uleb(c);
        uleb(c);  // modification time
        uleb(c);  // length
        if (number == index) {
            snprintf(name, capacity, "%s", entry);
            *directory_index = directory_number;
            break;
        }
    }
    c->position = directories;
    for (uint64_t number = 1; number <= *directory_index; number++) {
        read_string(c, directory, directory_capacity);
        if (directory[0] == 0 || c->failed) {
            directory[0] = 0;
            break;
        }
    }
    return !c->failed;
}

/// The path of file `index` of the program whose header is `h`.
static int file_path(const apm_elf *file, cursor *c, const line_header *h, uint64_t index, char *path,
                     size_t capacity) {
    char name[1024], directory[1024];
    uint64_t directory_index = 0;
    name[0] = directory[0] = 0;
    c->position = h->tables;
    if (h->version >= 5) {
        uint64_t directories = c->position;
        read_entry_v5(file, c, h, UINT64_MAX, NULL, 0, NULL);  // skips the directories
        if (c->failed || !read_entry_v5(file, c, h, index, name, sizeof name, &directory_index)) return 0;
        c->position = directories;
        read_entry_v5(file, c, h, directory_index, directory, sizeof directory, NULL);
        if (directory_index != 0 && directory[0] != 0 && directory[0] != '/') {
            // Relative to the compilation directory, entry 0.
            char relative[1024];
            snprintf(relative, sizeof relative, "%s", directory);
            c->position = directories;
            read_entry_v5(file, c, h, 0, directory, sizeof directory, NULL);
            size_t used = strlen(directory);
            if (used > 0 && used + 1 < sizeof directory) snprintf(directory + used, sizeof directory - used, "/%s", relative);
        }
    } else if (!read_tables_v4(c, index, name, sizeof name, &directory_index, directory, sizeof directory)) {
        return 0;
    }
    if (name[0] == 0) return 0;
    if (name[0] == '/' || directory[0] == 0) {
        snprintf(path, capacity, "%s", name);
    } else {
        snprintf(path, capacity, "%s/%s", directory, name);
    }
    return 1;
}

int apm_elf_line(apm_elf *file, uint64_t address, char *path, size_t capacity, uint32_t *line) {
    if (!file->lines_indexed) index_lines(file);
    size_t lower = 0, upper = file->range_count;
    while (lower < upper) {
        size_t middle = lower + (upper - lower) / 2;
        if (file->ranges[middle].low <= address) lower = middle + 1;
        else upper = middle;
    }
    if (lower == 0 || address >= file->ranges[lower - 1].high) return 0;
    line_range range = file->ranges[lower - 1];
    cursor *c = malloc(sizeof(cursor));
    line_header *h = malloc(sizeof(line_header));
    int found = 0;
    if (c && h) {
        cursor_init(c, file->fd, range.program, file->debug_line.offset + file->debug_line.size);
        if (read_line_header(c, h)) {
            lookup x = {address, 0, 0, 0, 0, 0, 0, 0};
            run_program(c, h, range.start, range.end, lookup_row, &x);
            if (x.found && file_path(file, c, h, x.file, path, capacity)) {
                *line = x.line > 0 && x.line <= UINT32_MAX ? (uint32_t)x.line : 0;
                found = 1;
            }
        }
    }
    free(c);
    free(h);
    return found;
}

// MARK: Loaded objects

typedef struct {
    uint64_t address;
    int found;
    uint64_t bias;
    const char *name;
    int is_main;
} object_search;

static int visit_object(struct dl_phdr_info *info, size_t size, void *context) {
    (void)size;
    object_search *search = context;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_LOAD) continue;
        uint64_t start = info->dlpi_addr + segment->p_vaddr;
        if (search->address >= start && search->address < start + segment->p_memsz) {
            search->found = 1;
            search->bias = info->dlpi_addr;
            search->name = info->dlpi_name;
            search->is_main = info->dlpi_name == NULL || info->dlpi_name[0] == 0;
            return 1;
        }
    }
    return 0;
}

int apm_elf_loaded_object(uint64_t address, uint64_t *bias, char *path, size_t capacity) {
    if (capacity == 0) return 0;
    object_search search = {address, 0, 0, NULL, 0};
    dl_iterate_phdr(visit_object, &search);
    if (!search.found) return 0;
    *bias = search.bias;
    if (search.is_main) {
        ssize_t length = readlink("/proc/self/exe", path, capacity - 1);
        if (length <= 0) return 0;
        path[length] = 0;
    } else {
        snprintf(path, capacity, "%s", search.name);
    }
    return 1;
}
