/* theme.c — colour roles, theme files and the config file (see theme.h).
 *
 * A theme file (assets/themes/NAME.theme; the theme is named after its file) is plain UTF-8
 * text, one role per line:
 *
 *     # Memory diagram
 *     pointer   = bright-cyan              # a foreground colour
 *     title     = black on cyan bold       # foreground, background, attributes
 *     selection = reverse                  # attributes alone: terminal's own colours
 *
 *     ROLE = FG [on BG] [bold] [reverse] [underline] [dim]
 *
 *   - ROLE is a name from theme_role_name(): normal, title, status, status-key, ...
 *   - colours: default (the terminal's own), black, red, green, yellow, blue, magenta, cyan,
 *     white, bright-black ... bright-white; gray (or grey) is bright-black.
 *   - the words may come in any order; the first colour is the foreground, a colour after "on"
 *     is the background; a colour left out means "default".
 *   - names are not case-sensitive, and '_' may be written for '-'.
 *   - '#' starts a comment (to the end of the line); blank lines are ignored.
 *   - a line replaces the role's whole style; roles a file does not mention keep theirs; when a
 *     role appears twice the later line wins.
 *   - there is no "name = ..." line: dark.theme is the theme "dark".
 *   - limits: lines of at most THEME_LINE_MAX bytes, files of at most THEME_FILE_MAX bytes.
 *
 * The config file ($XDG_CONFIG_HOME/objscope/config) uses the same "key = value" lines, '#'
 * comments and limits. Its only key for now is "theme = NAME". An unknown key is an error, so a
 * typo is reported instead of silently ignored.
 *
 * Every error is one line, "FILE:LINE: message" (LINE 0 when it is about the whole file),
 * escaped for a terminal; the Theme (or Config) is left at the defaults, never half-applied.
 * theme_load_named's own errors (a bad name, no such theme) name no file and have no prefix. */
#include "ui/theme.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/files.h"
#include "util/utf8.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define THEME_LINE_MAX 1024          /* bytes in one line, without its newline */
#define THEME_FILE_MAX (64 * 1024)   /* bytes in a theme or config file */
#define QUOTE_MAX 40                 /* bytes of a word quoted in an error message */
#define NAME_MAX_LEN (sizeof ((Theme *)0)->name - 1) /* bytes in a theme name */

_Static_assert(sizeof ((Theme *)0)->name == sizeof ((Config *)0)->theme,
               "a Config holds any theme name a Theme does");

/* ---- names ---------------------------------------------------------------------------------- */

static const char *const role_names[CR_COUNT] = {
    [CR_NORMAL] = "normal",   [CR_TITLE] = "title",         [CR_STATUS] = "status",
    [CR_STATUS_KEY] = "status-key", [CR_PROMPT] = "prompt", [CR_OUTPUT] = "output",
    [CR_ERROR] = "error",     [CR_INFO] = "info",           [CR_RESULT] = "result",
    [CR_SELECTION] = "selection", [CR_SECTION] = "section", [CR_HEADER] = "header",
    [CR_PAYLOAD] = "payload", [CR_POINTER] = "pointer",     [CR_DATA] = "data",
    [CR_HIDDEN] = "hidden",   [CR_PADDING] = "padding",     [CR_UNUSED] = "unused",
    [CR_OPAQUE] = "opaque",   [CR_KEYWORD] = "keyword",     [CR_STRING] = "string",
    [CR_NUMBER] = "number",   [CR_COMMENT] = "comment",     [CR_BUILTIN] = "builtin",
    [CR_POPUP] = "popup",     [CR_POPUP_SELECTED] = "popup-selected", [CR_WARNING] = "warning",
    [CR_CHANGED] = "changed",
};

const char *theme_role_name(ColorRole r)
{
    return (unsigned)r < CR_COUNT ? role_names[r] : "?";
}

ColorRole theme_role_named(const char *name)
{
    for (int r = 0; r < CR_COUNT; r++)
        if (strcmp(name, role_names[r]) == 0)
            return (ColorRole)r;
    return CR_NORMAL;
}

enum {
    DEF = -1, BLACK, RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN, WHITE,
    BR_BLACK, BR_RED, BR_GREEN, BR_YELLOW, BR_BLUE, BR_MAGENTA, BR_CYAN, BR_WHITE
};

static const struct { const char *name; short value; } colours[] = {
    {"default", DEF},          {"black", BLACK},        {"red", RED},
    {"green", GREEN},          {"yellow", YELLOW},      {"blue", BLUE},
    {"magenta", MAGENTA},      {"cyan", CYAN},          {"white", WHITE},
    {"bright-black", BR_BLACK}, {"bright-red", BR_RED}, {"bright-green", BR_GREEN},
    {"bright-yellow", BR_YELLOW}, {"bright-blue", BR_BLUE}, {"bright-magenta", BR_MAGENTA},
    {"bright-cyan", BR_CYAN},  {"bright-white", BR_WHITE}, {"gray", BR_BLACK},
    {"grey", BR_BLACK},
};

static const struct { const char *name; unsigned bit; } attributes[] = {
    {"bold", STYLE_BOLD}, {"reverse", STYLE_REVERSE}, {"underline", STYLE_UNDERLINE},
    {"dim", STYLE_DIM},
};

/* ---- the built-in theme: must say exactly what assets/themes/dark.theme says ------------------ */

#define S(fg, bg, attrs) {(fg), (bg), (attrs)}
static const RoleStyle dark_styles[CR_COUNT] = {
    [CR_NORMAL] = S(DEF, DEF, 0),
    [CR_TITLE] = S(BLACK, CYAN, STYLE_BOLD),
    [CR_STATUS] = S(BR_WHITE, BLUE, 0),
    [CR_STATUS_KEY] = S(BR_YELLOW, BLUE, STYLE_BOLD),
    [CR_SECTION] = S(BR_WHITE, DEF, STYLE_BOLD | STYLE_UNDERLINE),
    [CR_SELECTION] = S(DEF, DEF, STYLE_REVERSE),
    [CR_POPUP] = S(BLACK, WHITE, 0),
    [CR_POPUP_SELECTED] = S(BR_WHITE, BLUE, STYLE_BOLD),
    [CR_WARNING] = S(YELLOW, DEF, STYLE_BOLD),
    [CR_CHANGED] = S(BLACK, BR_GREEN, STYLE_BOLD),
    [CR_PROMPT] = S(BR_GREEN, DEF, STYLE_BOLD),
    [CR_OUTPUT] = S(DEF, DEF, 0),
    [CR_ERROR] = S(RED, DEF, STYLE_BOLD),
    [CR_INFO] = S(CYAN, DEF, 0),
    [CR_RESULT] = S(BR_WHITE, DEF, STYLE_BOLD),
    [CR_HEADER] = S(BR_MAGENTA, DEF, 0),
    [CR_PAYLOAD] = S(BR_GREEN, DEF, 0),
    [CR_POINTER] = S(BR_CYAN, DEF, 0),
    [CR_DATA] = S(BR_YELLOW, DEF, 0),
    [CR_HIDDEN] = S(BR_BLUE, DEF, 0),
    [CR_PADDING] = S(BR_BLACK, DEF, 0),
    [CR_UNUSED] = S(WHITE, DEF, STYLE_DIM),
    [CR_OPAQUE] = S(RED, DEF, 0),
    [CR_KEYWORD] = S(MAGENTA, DEF, STYLE_BOLD),
    [CR_STRING] = S(GREEN, DEF, 0),
    [CR_NUMBER] = S(YELLOW, DEF, 0),
    [CR_COMMENT] = S(BR_BLACK, DEF, 0),
    [CR_BUILTIN] = S(CYAN, DEF, 0),
};
#undef S

void theme_default(Theme *t)
{
    memset(t, 0, sizeof *t);
    strcpy(t->name, "dark");
    memcpy(t->style, dark_styles, sizeof t->style);
}

/* ---- small text helpers ------------------------------------------------------------------- */

static bool is_space(char c) { return c == ' ' || c == '\t'; }

/* Lowercase ASCII, '_' → '-': how names are compared. */
static char *normalize(const char *s, size_t n)
{
    char *d = xstrndup(s, n);
    for (char *p = d; *p; p++) {
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
        else if (*p == '_')
            *p = '-';
    }
    return d;
}

/* s, cut to QUOTE_MAX bytes (at a UTF-8 boundary) with "..." when longer; owned. */
static char *quote(const char *s)
{
    size_t n = strlen(s);
    if (n <= QUOTE_MAX)
        return xstrdup(s);
    n = QUOTE_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return xasprintf("%.*s...", (int)n, s);
}


static bool valid_utf8(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_decode(u + i, n - i, NULL);
        if (k == 0)
            return false;
        i += k;
    }
    return true;
}

/* Edit distance, for "did you mean" (only ever called on short words). */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t row[40];
    if (lb >= sizeof row / sizeof row[0])
        return SIZE_MAX;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* Suggests the closest of the candidates to a mistyped word, or NULL. */
typedef struct {
    const char *word, *best;
    size_t best_d;
} Suggest;

static void suggest_try(Suggest *s, const char *candidate)
{
    if (strlen(s->word) > 30)
        return;
    size_t d = distance(s->word, candidate);
    size_t allowed = strlen(candidate) <= 5 ? 1 : 2;
    if (d <= allowed && (!s->best || d < s->best_d)) {
        s->best = candidate;
        s->best_d = d;
    }
}

/* ---- errors ------------------------------------------------------------------------------- */

/* "PATH:LINE: message", escaped for a terminal; owned. */
static char *format_error(const char *path, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static char *format_error(const char *path, unsigned line, const char *fmt, ...)
{
    StrBuf b;
    strbuf_init(&b);
    strbuf_printf(&b, "%s:%u: ", path ? path : "(no file)", line);
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    strbuf_puts(&b, msg ? msg : "error");
    free(msg);
    char *safe = sanitize_text(b.data, b.len, false);
    strbuf_free(&b);
    return safe;
}

static void set_err(char **err, char *msg)
{
    if (err)
        *err = msg;
    else
        free(msg);
}

/* ---- reading a small text file ------------------------------------------------------------ */

/* The whole file as a NUL-terminated string. 0, or -1 with *msg (owned; "PATH:0: ...") and
 * *open_errno set to errno when the file could not be opened (0 for any other problem). */
static int read_small_file(const char *path, char **out, size_t *out_len, char **msg,
                           int *open_errno)
{
    *open_errno = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        *open_errno = errno;
        *msg = format_error(path, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        *msg = format_error(path, 0, "cannot read: %s", strerror(errno));
        close(fd);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        *msg = format_error(path, 0, "is a folder, not a file");
        close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        *msg = format_error(path, 0, "is not a regular file");
        close(fd);
        return -1;
    }
    if (st.st_size > THEME_FILE_MAX) {
        *msg = format_error(path, 0, "file is too large (%lld bytes; the limit is %d)",
                            (long long)st.st_size, THEME_FILE_MAX);
        close(fd);
        return -1;
    }
    /* Read one byte more than allowed, in case the file grew since fstat. */
    char *buf = xmalloc(THEME_FILE_MAX + 2);
    size_t len = 0;
    while (len <= THEME_FILE_MAX) {
        ssize_t n = read(fd, buf + len, THEME_FILE_MAX + 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *msg = format_error(path, 0, "cannot read: %s", strerror(errno));
            free(buf);
            close(fd);
            return -1;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    if (len > THEME_FILE_MAX) {
        *msg = format_error(path, 0, "file is too large (more than %d bytes)", THEME_FILE_MAX);
        free(buf);
        return -1;
    }
    buf[len] = '\0';
    *out = buf;
    *out_len = len;
    return 0;
}

/* ---- "key = value" lines ------------------------------------------------------------------ */

/* Handles one line: key and value are trimmed, the comment removed, value may be "". Returns
 * NULL, or an error message without the "PATH:LINE: " prefix (owned). */
typedef char *(*LineFn)(void *ctx, const char *key, const char *value);

/* Runs fn over each "key = value" line of buf. 0, or -1 with *msg "PATH:LINE: ...". */
static int parse_lines(const char *path, const char *buf, size_t len, const char *what,
                       LineFn fn, void *ctx, char **msg)
{
    size_t pos = 0;
    unsigned lineno = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* a byte-order mark, as some Windows editors write */
    while (pos < len) {
        lineno++;
        const char *line = buf + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl != NULL);
        if (n > THEME_LINE_MAX) {
            *msg = format_error(path, lineno, "line is too long (more than %d bytes)",
                                THEME_LINE_MAX);
            return -1;
        }
        if (memchr(line, '\0', n)) {
            *msg = format_error(path, lineno, "NUL byte: this does not look like a text file");
            return -1;
        }
        if (!valid_utf8(line, n)) {
            *msg = format_error(path, lineno, "invalid UTF-8 (save the file as UTF-8 text)");
            return -1;
        }
        const char *hash = memchr(line, '#', n);
        if (hash)
            n = (size_t)(hash - line);
        while (n > 0 && (is_space(line[n - 1]) || line[n - 1] == '\r'))
            n--;
        while (n > 0 && is_space(*line)) {
            line++;
            n--;
        }
        if (n == 0)
            continue;
        const char *eq = memchr(line, '=', n);
        if (!eq) {
            char *text = xstrndup(line, n);
            char *q = quote(text);
            *msg = format_error(path, lineno, "expected '%s', found '%s' (no '=')", what, q);
            free(q);
            free(text);
            return -1;
        }
        size_t kn = (size_t)(eq - line);
        while (kn > 0 && is_space(line[kn - 1]))
            kn--;
        const char *v = eq + 1;
        size_t vn = n - (size_t)(v - line);
        while (vn > 0 && is_space(*v)) {
            v++;
            vn--;
        }
        if (kn == 0) {
            *msg = format_error(path, lineno, "missing name before '=' (expected '%s')", what);
            return -1;
        }
        char *key = xstrndup(line, kn), *value = xstrndup(v, vn);
        char *problem = fn(ctx, key, value);
        free(key);
        free(value);
        if (problem) {
            *msg = format_error(path, lineno, "%s", problem);
            free(problem);
            return -1;
        }
    }
    return 0;
}

/* ---- theme files -------------------------------------------------------------------------- */

static int find_role(const char *norm)
{
    ColorRole r = theme_role_named(norm);
    return r != CR_NORMAL || strcmp(norm, role_names[CR_NORMAL]) == 0 ? (int)r : -1;
}

static int find_colour(const char *norm, short *out)
{
    for (size_t i = 0; i < sizeof colours / sizeof colours[0]; i++)
        if (strcmp(norm, colours[i].name) == 0) {
            *out = colours[i].value;
            return 0;
        }
    return -1;
}

static unsigned find_attribute(const char *norm)
{
    for (size_t i = 0; i < sizeof attributes / sizeof attributes[0]; i++)
        if (strcmp(norm, attributes[i].name) == 0)
            return attributes[i].bit;
    return 0;
}

static char *unknown_word(const char *word, const char *norm, bool colour_only)
{
    Suggest s = {.word = norm};
    for (size_t i = 0; i < sizeof colours / sizeof colours[0]; i++)
        suggest_try(&s, colours[i].name);
    if (!colour_only)
        for (size_t i = 0; i < sizeof attributes / sizeof attributes[0]; i++)
            suggest_try(&s, attributes[i].name);
    char *q = quote(word), *m;
    if (s.best)
        m = xasprintf("unknown %s '%s' (did you mean '%s'?)",
                      colour_only ? "colour" : "colour or attribute", q, s.best);
    else
        m = xasprintf("unknown %s '%s' (colours: default, black, red, green, yellow, blue, "
                      "magenta, cyan, white, bright-black ... bright-white, gray%s)",
                      colour_only ? "colour" : "colour or attribute", q,
                      colour_only ? "" : "; attributes: bold, reverse, underline, dim");
    free(q);
    return m;
}

/* "FG [on BG] [bold] [reverse] [underline] [dim]", words in any order. */
static char *parse_style(const char *role, const char *value, RoleStyle *out)
{
    RoleStyle st = {DEF, DEF, 0};
    bool have_fg = false, have_bg = false, want_bg = false;
    char *fg_word = NULL, *problem = NULL;
    const char *p = value;
    if (!*p)
        return xasprintf("missing style after '=' for '%s' (for example: %s = cyan bold)", role,
                         role);
    while (*p && !problem) {
        size_t n = 0;
        while (p[n] && !is_space(p[n]))
            n++;
        char *word = xstrndup(p, n), *norm = normalize(p, n);
        p += n;
        while (is_space(*p))
            p++;
        short c;
        unsigned bit;
        if (want_bg) {
            if (find_colour(norm, &c) != 0)
                problem = unknown_word(word, norm, true);
            else {
                st.bg = c;
                have_bg = true;
                want_bg = false;
            }
        } else if (strcmp(norm, "on") == 0) {
            if (have_bg)
                problem = xasprintf("two background colours (only one 'on' per line)");
            want_bg = true;
        } else if (find_colour(norm, &c) == 0) {
            if (have_fg) {
                char *q1 = quote(fg_word), *q2 = quote(word);
                problem = xasprintf("two foreground colours '%s' and '%s' (write '%s on %s' "
                                    "for a background)", q1, q2, q1, q2);
                free(q1);
                free(q2);
            } else {
                st.fg = c;
                have_fg = true;
                fg_word = xstrdup(word);
            }
        } else if ((bit = find_attribute(norm)) != 0) {
            st.attrs |= bit;
        } else {
            problem = unknown_word(word, norm, false);
        }
        free(word);
        free(norm);
    }
    free(fg_word);
    if (!problem && want_bg)
        problem = xasprintf("'on' must be followed by a background colour");
    if (!problem)
        *out = st;
    return problem;
}

static char *theme_line(void *ctx, const char *key, const char *value)
{
    Theme *t = ctx;
    char *norm = normalize(key, strlen(key));
    int r = find_role(norm);
    if (r < 0) {
        char *q = quote(key), *m;
        Suggest s = {.word = norm};
        for (int i = 0; i < CR_COUNT; i++)
            suggest_try(&s, role_names[i]);
        if (strcmp(norm, "name") == 0)
            m = xasprintf("'name' is not a role: a theme is named after its file "
                          "(dark.theme is the theme 'dark')");
        else if (s.best)
            m = xasprintf("unknown role '%s' (did you mean '%s'?)", q, s.best);
        else
            m = xasprintf("unknown role '%s' (the roles are listed in assets/themes/README.md)",
                          q);
        free(q);
        free(norm);
        return m;
    }
    free(norm);
    return parse_style(role_names[r], value, &t->style[r]);
}

/* The theme's name from its file name: "assets/themes/dark.theme" → "dark". */
static void name_from_path(Theme *t, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 6 && strcmp(base + n - 6, ".theme") == 0)
        n -= 6;
    if (n >= sizeof t->name) {
        n = sizeof t->name - 1;
        while (n > 0 && ((unsigned char)base[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(t->name, base, n);
    t->name[n] = '\0';
}

/* theme_load_file, also telling why the file could not be opened (errno, or 0). */
static int load_theme(Theme *t, const char *path, char **err, int *open_errno)
{
    *open_errno = 0;
    char *buf = NULL, *msg = NULL;
    size_t len = 0;
    if (!path) {
        msg = format_error(NULL, 0, "no theme file given");
    } else if (read_small_file(path, &buf, &len, &msg, open_errno) == 0) {
        Theme work = *t;
        if (parse_lines(path, buf, len, "ROLE = STYLE", theme_line, &work, &msg) == 0) {
            name_from_path(&work, path);
            *t = work;
        }
        free(buf);
    }
    if (msg) {
        theme_default(t);
        set_err(err, msg);
        return -1;
    }
    return 0;
}

int theme_load_file(Theme *t, const char *path, char **err)
{
    if (err)
        *err = NULL;
    int open_errno;
    return load_theme(t, path, err, &open_errno);
}

/* Why name cannot be a theme name (owned message), or NULL when it is fine. */
static char *bad_theme_name(const char *name)
{
    if (!*name)
        return xstrdup("the theme name is empty");
    if (strlen(name) > NAME_MAX_LEN)
        return xasprintf("the theme name is too long (at most %zu bytes)", NAME_MAX_LEN);
    char *q = quote(name), *m = NULL;
    if (strchr(name, '/'))
        m = xasprintf("invalid theme name '%s': a name cannot contain '/' (write the file's "
                      "name without '.theme', like 'dark')", q);
    else if (name[0] == '.')
        m = xasprintf("invalid theme name '%s': a name cannot start with '.'", q);
    else if (!valid_utf8(name, strlen(name)))
        m = xasprintf("invalid theme name '%s': not UTF-8", q);
    else {
        size_t n = strlen(name);
        for (size_t i = 0; i < n && !m; i++)
            if ((unsigned char)name[i] < 0x20 || name[i] == 0x7F)
                m = xasprintf("invalid theme name '%s': it contains a control character", q);
        if (!m && n > 6 && strcmp(name + n - 6, ".theme") == 0)
            m = xasprintf("invalid theme name '%s': write it without '.theme' (like 'dark')",
                          q);
    }
    free(q);
    return m;
}

int theme_load_named(Theme *t, const char *name, const char *const *dirs, char **err)
{
    if (err)
        *err = NULL;
    char *bad = bad_theme_name(name ? name : "");
    if (bad) {
        theme_default(t);
        set_err(err, sanitize_text(bad, strlen(bad), false));
        free(bad);
        return -1;
    }
    StrBuf looked;
    strbuf_init(&looked);
    for (size_t i = 0; dirs && dirs[i]; i++) {
        const char *dir = dirs[i];
        size_t dn = strlen(dir);
        if (dn == 0)
            continue;
        char *path = xasprintf("%s%s%s.theme", dir, dir[dn - 1] == '/' ? "" : "/", name);
        char *msg = NULL;
        int open_errno;
        int rc = load_theme(t, path, &msg, &open_errno);
        free(path);
        if (rc == 0) {
            strbuf_free(&looked);
            return 0;
        }
        if (open_errno != ENOENT && open_errno != ENOTDIR) {
            strbuf_free(&looked); /* found but broken: that is the answer, not the next folder */
            set_err(err, msg);
            return -1;
        }
        free(msg);
        strbuf_printf(&looked, "%s%s", looked.len ? ", " : "", dir);
    }
    theme_default(t);
    char *m = looked.len
        ? xasprintf("theme '%s' not found: looked for %s.theme in %s", name, name, looked.data)
        : xasprintf("theme '%s' not found: no theme folders to look in", name);
    set_err(err, sanitize_text(m, strlen(m), false));
    free(m);
    strbuf_free(&looked);
    return -1;
}

/* ---- the config file ---------------------------------------------------------------------- */

char *config_default_path(void)
{
    return files_state_path("XDG_CONFIG_HOME", ".config", "config");
}

static const char *const config_keys[] = {"theme"};

static char *config_line(void *ctx, const char *key, const char *value)
{
    Config *c = ctx;
    char *norm = normalize(key, strlen(key));
    bool is_theme = strcmp(norm, "theme") == 0;
    if (!is_theme) {
        Suggest s = {.word = norm};
        for (size_t i = 0; i < sizeof config_keys / sizeof config_keys[0]; i++)
            suggest_try(&s, config_keys[i]);
        char *q = quote(key), *m;
        if (s.best)
            m = xasprintf("unknown setting '%s' (did you mean '%s'?)", q, s.best);
        else
            m = xasprintf("unknown setting '%s' (the only setting is 'theme = NAME')", q);
        free(q);
        free(norm);
        return m;
    }
    free(norm);
    if (!*value)
        return xstrdup("missing theme name after '=' (for example: theme = light)");
    char *bad = bad_theme_name(value);
    if (bad)
        return bad;
    strcpy(c->theme, value);
    return NULL;
}

int config_load(Config *c, const char *path, char **err)
{
    if (err)
        *err = NULL;
    memset(c, 0, sizeof *c);
    if (!path)
        return 0;
    char *buf = NULL, *msg = NULL;
    size_t len = 0;
    int open_errno;
    if (read_small_file(path, &buf, &len, &msg, &open_errno) != 0) {
        if (open_errno == ENOENT || open_errno == ENOTDIR) {
            free(msg);
            return 0;
        }
        set_err(err, msg);
        return -1;
    }
    Config work = *c;
    int rc = parse_lines(path, buf, len, "KEY = VALUE", config_line, &work, &msg);
    free(buf);
    if (rc != 0) {
        set_err(err, msg);
        return -1;
    }
    *c = work;
    return 0;
}
