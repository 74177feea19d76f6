/*
 * faultprog: a small program whose page faults are known in advance, for the fault recorder's tests
 * (tests/MmapToolkit.Tests/Recording). Built by native/Makefile as native/build/faultprog (not part of
 * libmmaptk.so). Every mapping is placed at the ADDRESS given (MAP_FIXED_NOREPLACE), advised MADV_NOHUGEPAGE, so
 * the test knows which pages must fault.
 *
 *   faultprog write N ADDRESS         map N fresh private anonymous pages at ADDRESS, store one byte to each, in order
 *   faultprog shared-file PATH ADDRESS map the first page of PATH shared read-write at ADDRESS, load a byte, then store one
 *   faultprog fork-cow ADDRESS        map one private anonymous page at ADDRESS, store to it, fork; the child stores to
 *                                     it again (a copy-on-write fault in the child) and exits; the parent waits
 *   faultprog extra-fds               exit with the number of open descriptors other than 0, 1 and 2 (what it inherited)
 *
 * Exit codes: 0 done, 2 bad arguments, 3 a system call failed (named on stderr), 4 the child failed.
 */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static int fail(const char *call)
{
    fprintf(stderr, "faultprog: %s failed: %s\n", call, strerror(errno));
    return 3;
}

static int parse(const char *text, unsigned long long *value)
{
    char *end;
    errno = 0;
    *value = strtoull(text, &end, 0);
    return errno == 0 && end != text && *end == '\0';
}

static volatile char *map_at(unsigned long long address, size_t length, int prot, int flags, int fd)
{
    void *p = mmap((void *)(uintptr_t)address, length, prot, flags | MAP_FIXED_NOREPLACE, fd, 0);
    if (p == MAP_FAILED) return NULL;
    if (p != (void *)(uintptr_t)address) { munmap(p, length); errno = EEXIST; return NULL; }
    madvise(p, length, MADV_NOHUGEPAGE);
    return p;
}

int main(int argc, char **argv)
{
    long page = sysconf(_SC_PAGESIZE);
    unsigned long long n, address;
    if (argc == 4 && strcmp(argv[1], "write") == 0 && parse(argv[2], &n) && parse(argv[3], &address) && n > 0) {
        volatile char *p = map_at(address, n * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
        if (!p) return fail("mmap");
        for (unsigned long long i = 0; i < n; i++) p[i * page] = 1;
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "shared-file") == 0 && parse(argv[3], &address)) {
        int fd = open(argv[2], O_RDWR);
        if (fd < 0) return fail("open");
        volatile char *p = map_at(address, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd);
        if (!p) return fail("mmap");
        char c = p[0];     /* a read fault: the page is mapped read-only, for dirty tracking */
        p[0] = c + 1;      /* a write fault on the same page (page_mkwrite) */
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "fork-cow") == 0 && parse(argv[2], &address)) {
        volatile char *p = map_at(address, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
        if (!p) return fail("mmap");
        p[0] = 1;
        pid_t pid = fork();
        if (pid < 0) return fail("fork");
        if (pid == 0) {
            p[0] = 2;      /* the page is shared read-only with the parent: copy-on-write */
            _exit(0);
        }
        int status;
        if (waitpid(pid, &status, 0) != pid) return fail("waitpid");
        return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 4;
    }
    if (argc == 2 && strcmp(argv[1], "extra-fds") == 0) {
        DIR *d = opendir("/proc/self/fd");
        if (!d) return fail("opendir");
        int extra = 0;
        struct dirent *e;
        while ((e = readdir(d)) != NULL)
            if (e->d_name[0] != '.' && atoi(e->d_name) > 2 && atoi(e->d_name) != dirfd(d)) extra++;
        closedir(d);
        return extra;
    }
    fprintf(stderr, "usage: faultprog write N ADDRESS | shared-file PATH ADDRESS | fork-cow ADDRESS | extra-fds\n");
    return 2;
}
