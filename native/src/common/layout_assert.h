/*
 * Pins the layout of a struct that managed code mirrors (src/MmapToolkit/Interop). The same numbers are listed in
 * tests/MmapToolkit.Tests/Interop/MirroredStructLayoutTests.cs: a change to a mirrored struct fails the build here
 * and the test there until both sides agree again.
 */
#ifndef MMAPTK_LAYOUT_ASSERT_H
#define MMAPTK_LAYOUT_ASSERT_H

#include <stddef.h>

#define MMAPTK_ASSERT_SIZE(type, size) \
    _Static_assert(sizeof(type) == (size), "sizeof(" #type ") must be " #size ", as its managed mirror says")
#define MMAPTK_ASSERT_OFFSET(type, field, offset) \
    _Static_assert(offsetof(type, field) == (offset), \
                   "offsetof(" #type ", " #field ") must be " #offset ", as its managed mirror says")

#endif
