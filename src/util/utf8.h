/* utf8.h — one strict UTF-8 decoder for everything that reads learner text, files or object
 * data (no overlong forms, no surrogates, nothing above U+10FFFF). */
#ifndef OBJSCOPE_UTF8_H
#define OBJSCOPE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Length (1..4) of the valid UTF-8 sequence at s (n bytes available), with its code point in
 * *cp when cp is not NULL; 0 when the bytes there are not valid UTF-8. */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Write code point cp (at most U+10FFFF, not a surrogate) as UTF-8 into out; its length. */
size_t utf8_encode(uint32_t cp, char out[4]);
/* Whether s[0..n) is valid UTF-8 throughout. */
bool utf8_valid(const char *s, size_t n);

#endif
