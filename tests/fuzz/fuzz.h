/* fuzz.h — what the fuzz targets share: the libFuzzer entry point each one defines, a check that
 * stops the run (as a crash the fuzzer reports) when a promise of the code under test is broken,
 * and a file holding the input for code that reads files by path. */
#ifndef OBJSCOPE_FUZZ_H
#define OBJSCOPE_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional: called once before the first input (libFuzzer's hook, also called by driver.c). */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* Abort with a message naming the broken promise (libFuzzer and the driver report it). */
#define FUZZ_ASSERT(cond, what)                                                                  \
    do {                                                                                         \
        if (!(cond))                                                                             \
            fuzz_fail(__FILE__, __LINE__, what);                                                 \
    } while (0)
void fuzz_fail(const char *file, int line, const char *what) __attribute__((noreturn));

/* A path whose file holds exactly data (an in-memory file, reused from call to call). Borrowed:
 * valid until the next call. */
const char *fuzz_memfile(const uint8_t *data, size_t size);

/* A private folder for targets that write files: made once (on tmpfs when there is one), and
 * removed with what it holds when the process exits. */
const char *fuzz_workdir(void);

/* True when text holds no control byte (C0 or DEL) that a terminal would obey. */
int fuzz_terminal_safe(const char *text);

#endif
