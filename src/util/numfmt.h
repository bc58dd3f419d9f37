/* numfmt.h — numbers written for people: digits grouped in threes ("12,029,656"), as Python's
 * "{:,}" writes them, so sizes on screen read the same as the ones :mem and the lessons print. */
#ifndef OBJSCOPE_NUMFMT_H
#define OBJSCOPE_NUMFMT_H

#define NUMFMT_MAX 32 /* enough for any 64-bit value, sign and separators */

/* Writes v into out (NUMFMT_MAX bytes) and returns out, so calls can sit in a printf. */
char *numfmt_grouped(char out[NUMFMT_MAX], long long v);

#endif
