/* fuzz_editor.c — fuzz target: random key sequences into the line editor (editor.c). Each input
 * byte picks a command (typing and pasting take the next bytes as text: any bytes, valid UTF-8
 * or not, as a paste delivers them). After every command the promises of editor.h are
 * checked: the cursor sits on a code point boundary inside the text, the text is a string of
 * editor_len() bytes, the cursor's line exists, and Right then Left comes back. */
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "ui/editor.h"
#include "util/utf8.h"

typedef struct {
    const uint8_t *p, *end;
} Input;

static unsigned next_byte(Input *in) { return in->p < in->end ? *in->p++ : 0; }

/* Up to 31 bytes of text from the input (owned, NUL-terminated; it may hold NULs, which the
 * editor must leave out). */
static char *next_text(Input *in, size_t *n)
{
    size_t want = next_byte(in) % 32;
    char *s = malloc(want + 1);
    for (*n = 0; *n < want && in->p < in->end; (*n)++)
        s[*n] = (char)*in->p++;
    s[*n] = '\0';
    return s;
}

static bool on_boundary(const char *text, size_t len, size_t cur)
{
    size_t i = 0;
    while (i < cur) {
        size_t l = utf8_decode((const unsigned char *)text + i, len - i, NULL);
        i += l ? l : 1;
    }
    return i == cur;
}

static void check(Editor *e)
{
    const char *text = editor_text(e);
    size_t len = editor_len(e), cur = editor_cursor(e);
    FUZZ_ASSERT(text && strlen(text) == len, "the text is editor_len() bytes");
    FUZZ_ASSERT(cur <= len, "the cursor is inside the text");
    FUZZ_ASSERT(on_boundary(text, len, cur), "the cursor sits on a code point boundary");
    size_t lines = 1;
    for (const char *p = text; (p = strchr(p, '\n')) != NULL; p++)
        lines++;
    FUZZ_ASSERT(editor_line_count(e) == lines, "one line per newline, plus one");
    size_t line, col;
    editor_cursor_rowcol(e, &line, &col);
    FUZZ_ASSERT(line < lines, "the cursor's line exists");
    FUZZ_ASSERT(editor_killed(e) != NULL, "the kill ring is a string");
    editor_display_width(text, len);
}

static void right_then_left(Editor *e)
{
    size_t cur = editor_cursor(e);
    if (cur == editor_len(e))
        return;
    editor_right(e);
    FUZZ_ASSERT(editor_cursor(e) > cur, "Right moves on");
    editor_left(e);
    FUZZ_ASSERT(editor_cursor(e) == cur, "Left undoes Right");
}

static void run(Editor *e, unsigned op, Input *in)
{
    size_t n;
    char *s;
    switch (op % 22) {
    case 0: case 1: case 2: /* typing is the commonest key */
        s = next_text(in, &n);
        editor_insert(e, s, n);
        free(s);
        break;
    case 3: editor_newline(e); break;
    case 4: editor_backspace(e); break;
    case 5: editor_delete(e); break;
    case 6: editor_left(e); break;
    case 7: editor_right(e); break;
    case 8: editor_word_left(e); break;
    case 9: editor_word_right(e); break;
    case 10: editor_home(e); break;
    case 11: editor_end(e); break;
    case 12: editor_up(e); break;
    case 13: editor_down(e); break;
    case 14: editor_kill_to_end(e); break;
    case 15: editor_kill_to_start(e); break;
    case 16: editor_kill_word_back(e); break;
    case 17: editor_yank(e); break;
    case 18: /* history recall */
        s = next_text(in, &n);
        editor_set(e, s);
        free(s);
        break;
    case 19: { /* a click */
        size_t pos = next_byte(in);
        editor_set_cursor(e, pos | (size_t)next_byte(in) << 8);
        break;
    }
    case 20: { /* completion replaces the word before the cursor */
        char *word = editor_word_before_cursor(e);
        FUZZ_ASSERT(word && strlen(word) <= editor_cursor(e), "the word is before the cursor");
        s = next_text(in, &n);
        editor_replace_before_cursor(e, strlen(word), s);
        free(s);
        free(word);
        break;
    }
    default:
        right_then_left(e);
        if (next_byte(in) & 1)
            editor_clear(e);
    }
}

/* Widths and word characters follow the locale, as in objscope (which runs in the user's). */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    setlocale(LC_ALL, "C.UTF-8");
    return 0;
}

/* Kill and yank can double the text every few commands: past this it starts again, so that an
 * input of a hundred bytes cannot ask for gigabytes (a learner would need as many keys). */
#define TEXT_CAP (16 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Input in = {data, data + size};
    Editor *e = editor_new();
    check(e);
    while (in.p < in.end) {
        if (editor_len(e) > TEXT_CAP)
            editor_clear(e);
        run(e, next_byte(&in), &in);
        check(e);
    }
    editor_free(e);
    return 0;
}
