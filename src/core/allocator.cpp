#include "core/allocator.hpp"

#include <malloc.h>

namespace tidu {

void tune_allocator() {
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

void release_free_memory() { malloc_trim(0); }

}  // namespace tidu
