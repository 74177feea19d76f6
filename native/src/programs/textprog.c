/*
 * textprog: a small real program whose text has a known layout, for the demos "text loaded on demand at exec"
 * and "text pages shared between processes". Built by native/Makefile as native/build/textprog (not part of
 * libmmaptk.so).
 *
 * Its text holds TEXT_PAGES functions, each aligned to its own 4 KiB page, one after the other. Arguments that
 * are numbers call those functions (page indexes within that block), so exactly those text pages are executed.
 * Then it pause()s until killed.
 *
 *   textprog [--print-layout] [--verbose] [--ready-file PATH] [--exit] [PAGE...]
 *
 *   --print-layout    print "file_offset=0x... pages=N stride=4096" (where the block starts in the program
 *                     file, so it can be found in /proc/PID/maps of any process running it) and go on
 *   --verbose         print each page called
 *   --ready-file PATH create PATH once the calls are done (the caller waits for it to exist)
 *   --exit            exit 0 after the calls instead of pausing
 *
 * Exit codes: 2 bad argument, 3 layout not as expected, 4 ready file could not be created.
 */
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TEXT_PAGES 32
#define STRIDE 4096

#define PAGE_FN(i) \
    __attribute__((noinline, aligned(STRIDE))) int text_page_##i(int x) { return x * (i + 3) + i; }

PAGE_FN(0) PAGE_FN(1) PAGE_FN(2) PAGE_FN(3) PAGE_FN(4) PAGE_FN(5) PAGE_FN(6) PAGE_FN(7)
PAGE_FN(8) PAGE_FN(9) PAGE_FN(10) PAGE_FN(11) PAGE_FN(12) PAGE_FN(13) PAGE_FN(14) PAGE_FN(15)
PAGE_FN(16) PAGE_FN(17) PAGE_FN(18) PAGE_FN(19) PAGE_FN(20) PAGE_FN(21) PAGE_FN(22) PAGE_FN(23)
PAGE_FN(24) PAGE_FN(25) PAGE_FN(26) PAGE_FN(27) PAGE_FN(28) PAGE_FN(29) PAGE_FN(30) PAGE_FN(31)

static int (*const pages[TEXT_PAGES])(int) = {
    text_page_0, text_page_1, text_page_2, text_page_3, text_page_4, text_page_5, text_page_6, text_page_7,
    text_page_8, text_page_9, text_page_10, text_page_11, text_page_12, text_page_13, text_page_14, text_page_15,
    text_page_16, text_page_17, text_page_18, text_page_19, text_page_20, text_page_21, text_page_22, text_page_23,
    text_page_24, text_page_25, text_page_26, text_page_27, text_page_28, text_page_29, text_page_30, text_page_31,
};

struct find { uintptr_t address; long offset; };

/* The file offset of `address` in the main program, from its PT_LOAD program headers. */
static int find_offset(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    struct find *f = data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t start = info->dlpi_addr + ph->p_vaddr;
        if (ph->p_type == PT_LOAD && f->address >= start && f->address < start + ph->p_memsz) {
            f->offset = (long)(f->address - start + ph->p_offset);
            return 1;
        }
    }
    return 1;   /* the first object is the program itself: stop there */
}

static int print_layout(void)
{
    uintptr_t first = (uintptr_t)pages[0];
    for (int i = 1; i < TEXT_PAGES; i++) {
        if ((uintptr_t)pages[i] != first + (uintptr_t)i * STRIDE) {
            fprintf(stderr, "textprog: text page %d is not %d bytes after page %d\n", i, STRIDE, i - 1);
            return 3;
        }
    }
    struct find f = { first, -1 };
    dl_iterate_phdr(find_offset, &f);
    if (f.offset < 0) {
        fprintf(stderr, "textprog: the text pages are in no PT_LOAD segment of the program\n");
        return 3;
    }
    printf("file_offset=0x%lx pages=%d stride=%d\n", (unsigned long)f.offset, TEXT_PAGES, STRIDE);
    fflush(stdout);
    return 0;
}

int main(int argc, char **argv)
{
    int layout = 0, verbose = 0, exit_after = 0;
    const char *ready = NULL;
    int calls[TEXT_PAGES * 4], ncalls = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--print-layout") == 0) layout = 1;
        else if (strcmp(argv[i], "--verbose") == 0) verbose = 1;
        else if (strcmp(argv[i], "--exit") == 0) exit_after = 1;
        else if (strcmp(argv[i], "--ready-file") == 0 && i + 1 < argc) ready = argv[++i];
        else {
            char *end;
            errno = 0;
            long page = strtol(argv[i], &end, 10);
            if (errno || *end || end == argv[i] || page < 0 || page >= TEXT_PAGES || ncalls == TEXT_PAGES * 4) {
                fprintf(stderr, "textprog: bad argument '%s' (a page is 0..%d)\n", argv[i], TEXT_PAGES - 1);
                return 2;
            }
            calls[ncalls++] = (int)page;
        }
    }

    if (layout) {
        int rc = print_layout();
        if (rc) return rc;
    }
    volatile int sink = 0;
    for (int i = 0; i < ncalls; i++) {
        sink += pages[calls[i]](i);
        if (verbose) printf("textprog: called text page %d\n", calls[i]);
    }
    if (verbose) fflush(stdout);
    if (ready) {
        int fd = open(ready, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0) {
            fprintf(stderr, "textprog: cannot create %s: %s\n", ready, strerror(errno));
            return 4;
        }
        close(fd);
    }
    if (exit_after) return 0;
    for (;;) pause();
}
