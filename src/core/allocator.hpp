#pragma once
// Process-wide allocator settings, applied once at start by each program's main().

namespace tidu {

/// glibc malloc serves blocks above a dynamic threshold (128 KB at start) with fresh mmap pages,
/// and returns freed memory above 128 KB at the heap's top to the system; a document render that
/// allocates and frees multi-megabyte buffers (Cairo's page recordings, font tables, images) then
/// pays a page fault on every page of every buffer, every time — a third of a 申报书 PDF's time
/// in the documents benchmark. Blocks up to 64 MB come from the heap, and up to 256 MB of free
/// heap is kept for reuse, which bounds what stays resident.
void tune_allocator();

/// Returns the free pages of every malloc arena to the system (malloc_trim): for a thread that
/// has just freed a large working set it will not need again soon, whose arena tune_allocator's
/// settings would otherwise keep resident.
void release_free_memory();

}  // namespace tidu
