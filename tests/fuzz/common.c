/* common.c — helpers of the fuzz targets (see fuzz.h). */
#include "tests/fuzz/fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

void fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "fuzz: %s:%d: broken promise: %s\n", file, line, what);
    abort();
}

const char *fuzz_memfile(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("objscope-fuzz", MFD_CLOEXEC);
        if (fd < 0)
            fuzz_fail(__FILE__, __LINE__, "memfd_create");
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) != 0 || (size && pwrite(fd, data, size, 0) != (ssize_t)size))
        fuzz_fail(__FILE__, __LINE__, "writing the in-memory file");
    return path;
}

static char *workdir;

static void remove_workdir(void)
{
    DIR *d = opendir(workdir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d)) != NULL)
            unlinkat(dirfd(d), de->d_name, 0); /* "." and ".." fail harmlessly */
        closedir(d);
    }
    rmdir(workdir);
}

const char *fuzz_workdir(void)
{
    static char *dir;
    if (dir)
        return dir;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    static char tmpl[256];
    snprintf(tmpl, sizeof tmpl, "%s/objscope-fuzz-XXXXXX", base && *base ? base : "/tmp");
    dir = mkdtemp(tmpl);
    if (!dir)
        fuzz_fail(__FILE__, __LINE__, "mkdtemp");
    workdir = dir;
    atexit(remove_workdir);
    return dir;
}

int fuzz_terminal_safe(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (*p < 0x20 || *p == 0x7F)
            return 0;
    return 1;
}
