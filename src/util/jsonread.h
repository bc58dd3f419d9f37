/* jsonread.h — a small, strict JSON reader for documents objscope did not write itself in this
 * process (a child objscope's --json): the whole of RFC 8259 except numbers with a fraction or
 * an exponent, which nothing objscope writes has. Bounded: nesting deeper than JSON_MAX_DEPTH is
 * refused, and the caller bounds the text. Makes a tree; strings are UTF-8, NUL-free. */
#ifndef OBJSCOPE_JSONREAD_H
#define OBJSCOPE_JSONREAD_H

#include <stdbool.h>
#include <stddef.h>

#define JSON_MAX_DEPTH 32

typedef enum { JSON_NULL, JSON_BOOL, JSON_INT, JSON_STRING, JSON_ARRAY, JSON_OBJECT } JsonType;

typedef struct JsonValue JsonValue;
struct JsonValue {
    JsonType type;
    bool boolean;
    long long integer;
    char *string;       /* JSON_STRING: owned */
    JsonValue *items;   /* JSON_ARRAY and JSON_OBJECT: owned, len of them */
    char **keys;        /* JSON_OBJECT: owned, one per item */
    size_t len, cap;
};

/* Parse text[0..n) as one JSON value (blanks around it allowed). The tree (owned: json_free), or
 * NULL with *err (owned) saying what and where ("line 3: expected ':'"). */
JsonValue *json_parse(const char *text, size_t n, char **err);
void json_free(JsonValue *v);
/* The member `key` of an object (the first one), or NULL: borrowed. */
const JsonValue *json_get(const JsonValue *obj, const char *key);

#endif
