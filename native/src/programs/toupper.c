/*
 * The course's toupper program, as the demos run it on a mapping: every byte read and, if it is a lower-case
 * letter, written back in upper case. Measured by the same touch window as every other access (touch.h), so its
 * fault count is the loop's own.
 */
#include "touch.h"

static __attribute__((noinline)) void upcase(volatile unsigned char *p, uint64_t length)
{
    for (uint64_t i = 0; i < length; i++) {
        unsigned char c = p[i];
        if (c >= 'a' && c <= 'z') p[i] = (unsigned char)(c - 'a' + 'A');
    }
}

int mmaptk_toupper(void *address, uint64_t length, mmaptk_touch_result *out)
{
    mmaptk_touch_window w;
    mmaptk_touch_begin(&w);
    upcase((volatile unsigned char *)address, length);
    w.at.index = length;
    mmaptk_touch_end(&w, out);
    return out->error != 0 ? -out->error : 0;
}
