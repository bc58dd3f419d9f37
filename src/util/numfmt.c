/* numfmt.c — see numfmt.h. */
#include "util/numfmt.h"

#include <stdio.h>
#include <string.h>

char *numfmt_grouped(char out[NUMFMT_MAX], long long v)
{
    char digits[NUMFMT_MAX];
    /* the magnitude as unsigned, so LLONG_MIN has one too */
    unsigned long long m = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    int n = snprintf(digits, sizeof digits, "%llu", m);
    char *p = out;
    if (v < 0)
        *p++ = '-';
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            *p++ = ',';
        *p++ = digits[i];
    }
    *p = '\0';
    return out;
}
