/* test_theme.c — theme files (the shipped ones and broken ones), the config file, where they
 * are looked for. Runs from the repository root, so the shipped themes are assets/themes/. */
#include <check.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/suites.h"
#include "ui/theme.h"
#include "util/xalloc.h"

/* What an unknown word's message lists when no known word is close to it. */
#define COLOURS_HELP                                                                              \
    "(colours: default, black, red, green, yellow, blue, magenta, cyan, white, bright-black ... " \
    "bright-white, gray)"
#define WORDS_HELP                                                                                \
    "(colours: default, black, red, green, yellow, blue, magenta, cyan, white, bright-black ... " \
    "bright-white, gray; attributes: bold, reverse, underline, dim)"

static const char *const shipped[] = {"dark", "light", "high-contrast"};
#define N_SHIPPED (sizeof shipped / sizeof shipped[0])

/* ---- helpers ---------------------------------------------------------------------------- */

static char tmpdir[256];

static void make_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/objscope-theme-XXXXXX", base && *base ? base : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    chmod(path, 0700);
    return remove(path);
}

static void remove_tmpdir(void)
{
    nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* tmpdir/name (owned), written with n bytes of content (or made a folder when content NULL). */
static char *tmp_file(const char *name, const char *content, size_t n)
{
    char *path = xasprintf("%s/%s", tmpdir, name);
    if (!content) {
        ck_assert_int_eq(mkdir(path, 0700), 0);
        return path;
    }
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(content, 1, n, f), n);
    fclose(f);
    return path;
}

static char *tmp_text(const char *name, const char *text)
{
    return tmp_file(name, text, strlen(text));
}

/* A style no file can produce: a role still holding it was not set by the file. */
static const RoleStyle unset = {42, 42, 0x80};

static bool same_style(RoleStyle a, RoleStyle b)
{
    return a.fg == b.fg && a.bg == b.bg && a.attrs == b.attrs;
}

static void fill_unset(Theme *t)
{
    memset(t, 0, sizeof *t);
    strcpy(t->name, "unset");
    for (int r = 0; r < CR_COUNT; r++)
        t->style[r] = unset;
}

static void assert_is_default(const Theme *t)
{
    Theme d;
    theme_default(&d);
    ck_assert_str_eq(t->name, d.name);
    for (int r = 0; r < CR_COUNT; r++)
        ck_assert_msg(same_style(t->style[r], d.style[r]), "role %s is not the default",
                      theme_role_name((ColorRole)r));
}

/* Loads the shipped theme over "unset" styles, so *seen says which roles the file sets. */
static void load_shipped(const char *name, Theme *t, bool seen[CR_COUNT])
{
    char *path = xasprintf("assets/themes/%s.theme", name);
    char *err = (char *)"untouched";
    fill_unset(t);
    int rc = theme_load_file(t, path, &err);
    ck_assert_msg(rc == 0, "%s: %s", path, err ? err : "(no message)");
    ck_assert_ptr_null(err);
    ck_assert_str_eq(t->name, name);
    for (int r = 0; r < CR_COUNT; r++)
        seen[r] = !same_style(t->style[r], unset);
    free(path);
}

/* Writes text as tmpdir/name, expects theme_load_file to fail with "PATH:line: message" and to
 * leave the theme at the defaults. */
static void expect_theme_error(const char *name, const char *text, size_t n, unsigned line,
                               const char *message)
{
    char *path = tmp_file(name, text, n);
    Theme t;
    fill_unset(&t);
    char *err = NULL;
    ck_assert_int_eq(theme_load_file(&t, path, &err), -1);
    char *want = xasprintf("%s:%u: %s", path, line, message);
    ck_assert_ptr_nonnull(err);
    ck_assert_str_eq(err, want);
    assert_is_default(&t);
    free(want);
    free(err);
    free(path);
}

static void expect_theme_error_text(const char *name, const char *text, unsigned line,
                                    const char *message)
{
    expect_theme_error(name, text, strlen(text), line, message);
}

/* ---- names and the built-in theme ------------------------------------------------------- */

START_TEST(role_names_are_the_file_names)
{
    static const char *const want[CR_COUNT] = {
        "normal", "title", "status", "status-key", "prompt", "output", "error", "info",
        "result", "selection", "section", "header", "payload", "pointer", "data", "hidden",
        "padding", "unused", "opaque", "keyword", "string", "number", "comment", "builtin",
        "popup", "popup-selected", "warning", "changed",
    };
    for (int r = 0; r < CR_COUNT; r++)
        ck_assert_str_eq(theme_role_name((ColorRole)r), want[r]);
    ck_assert_str_eq(theme_role_name(CR_COUNT), "?");
    ck_assert_str_eq(theme_role_name((ColorRole)-1), "?");
}
END_TEST

START_TEST(default_is_sane)
{
    Theme t;
    theme_default(&t);
    ck_assert_str_eq(t.name, "dark");
    for (int r = 0; r < CR_COUNT; r++) {
        ck_assert(t.style[r].fg >= -1 && t.style[r].fg <= 15);
        ck_assert(t.style[r].bg >= -1 && t.style[r].bg <= 15);
        ck_assert_uint_eq(t.style[r].attrs & ~15u, 0);
    }
    ck_assert(t.style[CR_SELECTION].attrs & STYLE_REVERSE);
    ck_assert(t.style[CR_UNUSED].attrs & STYLE_DIM);
    ck_assert_int_eq(t.style[CR_ERROR].fg, 1);
}
END_TEST

/* ---- the shipped themes ----------------------------------------------------------------- */

START_TEST(shipped_themes_parse_and_set_every_role)
{
    for (size_t i = 0; i < N_SHIPPED; i++) {
        Theme t;
        bool seen[CR_COUNT];
        load_shipped(shipped[i], &t, seen);
        for (int r = 0; r < CR_COUNT; r++)
            ck_assert_msg(seen[r], "%s.theme does not set role '%s'", shipped[i],
                          theme_role_name((ColorRole)r));
    }
}
END_TEST

START_TEST(dark_theme_file_is_the_default)
{
    Theme t, d;
    bool seen[CR_COUNT];
    load_shipped("dark", &t, seen);
    theme_default(&d);
    ck_assert_str_eq(t.name, d.name);
    for (int r = 0; r < CR_COUNT; r++)
        ck_assert_msg(same_style(t.style[r], d.style[r]),
                      "role %s: dark.theme says %d/%d/%u, theme_default %d/%d/%u",
                      theme_role_name((ColorRole)r), t.style[r].fg, t.style[r].bg,
                      t.style[r].attrs, d.style[r].fg, d.style[r].bg, d.style[r].attrs);
}
END_TEST

static void assert_distinct(const char *theme, const Theme *t, const ColorRole *roles, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            ck_assert_msg(!same_style(t->style[roles[i]], t->style[roles[j]]),
                          "%s: '%s' and '%s' look the same", theme, theme_role_name(roles[i]),
                          theme_role_name(roles[j]));
}

START_TEST(shipped_themes_keep_roles_apart)
{
    static const ColorRole memory[] = {CR_HEADER, CR_PAYLOAD, CR_POINTER, CR_DATA,
                                       CR_HIDDEN, CR_PADDING, CR_UNUSED,  CR_OPAQUE};
    static const ColorRole syntax[] = {CR_KEYWORD, CR_STRING, CR_NUMBER, CR_COMMENT,
                                       CR_BUILTIN};
    for (size_t i = 0; i < N_SHIPPED; i++) {
        Theme t;
        bool seen[CR_COUNT];
        load_shipped(shipped[i], &t, seen);
        assert_distinct(shipped[i], &t, memory, sizeof memory / sizeof memory[0]);
        assert_distinct(shipped[i], &t, syntax, sizeof syntax / sizeof syntax[0]);
        /* The selection is reverse video everywhere; errors are red; unused bytes are dim. */
        ck_assert(t.style[CR_SELECTION].attrs & STYLE_REVERSE);
        ck_assert(t.style[CR_UNUSED].attrs & STYLE_DIM);
        const RoleStyle e = t.style[CR_ERROR];
        ck_assert_msg(e.fg == 1 || e.fg == 9 || e.bg == 1 || e.bg == 9, "%s: error not red",
                      shipped[i]);
        ck_assert(!same_style(t.style[CR_POPUP], t.style[CR_POPUP_SELECTED]));
        ck_assert(!same_style(t.style[CR_STATUS], t.style[CR_STATUS_KEY]));
    }
}
END_TEST

START_TEST(high_contrast_is_for_projectors)
{
    Theme t;
    bool seen[CR_COUNT];
    load_shipped("high-contrast", &t, seen);
    ck_assert(t.style[CR_POINTER].attrs & STYLE_UNDERLINE);
    ck_assert(t.style[CR_SELECTION].attrs & STYLE_REVERSE);
    /* Few colours, none of them pale text on the terminal's (unknown) background: a colour
     * is a solid background with black or white text. */
    for (int r = 0; r < CR_COUNT; r++) {
        const RoleStyle s = t.style[r];
        if (s.fg == -1)
            ck_assert_msg(s.bg == -1, "%s: background without text colour",
                          theme_role_name((ColorRole)r));
        else
            ck_assert_msg(s.bg != -1 && (s.fg == 0 || s.fg == 15),
                          "%s: coloured text on the terminal's background",
                          theme_role_name((ColorRole)r));
    }
}
END_TEST

START_TEST(light_theme_avoids_pale_text)
{
    Theme t;
    bool seen[CR_COUNT];
    load_shipped("light", &t, seen);
    /* Yellow, white and the bright colours are unreadable as text on a white background,
     * unless the role brings its own background. */
    for (int r = 0; r < CR_COUNT; r++) {
        const RoleStyle s = t.style[r];
        bool pale = s.fg == 3 || s.fg == 7 || (s.fg >= 9 && s.fg != 8);
        ck_assert_msg(!pale || s.bg != -1, "light: %s has pale text",
                      theme_role_name((ColorRole)r));
    }
}
END_TEST

/* ---- the theme file format -------------------------------------------------------------- */

START_TEST(format_is_forgiving_where_it_is_clear)
{
    const char *text =
        "\xEF\xBB\xBF# a comment line, then a blank one\r\n"
        "\r\n"
        "   pointer   =   bright-cyan   underline   # trailing comment\r\n"
        "STATUS_KEY=Bold On Blue Yellow\n"
        "selection = reverse\n"
        "\tpadding\t=\tgray\n"
        "unused = grey dim\n"
        "popup = on white\n"
        "data = red\n"
        "data = green   # the later line wins\n"
        "# caf\xC3\xA9: UTF-8 in comments is fine\n"
        "header = default on default"; /* no final newline */
    char *path = tmp_text("mine.theme", text);
    Theme t;
    theme_default(&t);
    char *err = NULL;
    ck_assert_int_eq(theme_load_file(&t, path, &err), 0);
    ck_assert_ptr_null(err);
    ck_assert_str_eq(t.name, "mine");
    ck_assert(same_style(t.style[CR_POINTER], (RoleStyle){14, -1, STYLE_UNDERLINE}));
    ck_assert(same_style(t.style[CR_STATUS_KEY], (RoleStyle){3, 4, STYLE_BOLD}));
    ck_assert(same_style(t.style[CR_SELECTION], (RoleStyle){-1, -1, STYLE_REVERSE}));
    ck_assert(same_style(t.style[CR_PADDING], (RoleStyle){8, -1, 0}));
    ck_assert(same_style(t.style[CR_UNUSED], (RoleStyle){8, -1, STYLE_DIM}));
    ck_assert(same_style(t.style[CR_POPUP], (RoleStyle){-1, 7, 0}));
    ck_assert(same_style(t.style[CR_DATA], (RoleStyle){2, -1, 0}));
    ck_assert(same_style(t.style[CR_HEADER], (RoleStyle){-1, -1, 0}));
    /* Roles the file does not mention keep their style. */
    Theme d;
    theme_default(&d);
    ck_assert(same_style(t.style[CR_KEYWORD], d.style[CR_KEYWORD]));
    ck_assert(same_style(t.style[CR_ERROR], d.style[CR_ERROR]));
    free(path);
}
END_TEST

START_TEST(every_colour_and_attribute)
{
    static const char *const names[] = {
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue",
        "bright-magenta", "bright-cyan", "bright-white",
    };
    for (int i = 0; i < 16; i++) {
        char *text = xasprintf("normal = %s on %s bold reverse underline dim\n", names[i],
                               names[15 - i]);
        char *path = tmp_text("colours.theme", text);
        Theme t;
        theme_default(&t);
        char *err = NULL;
        ck_assert_int_eq(theme_load_file(&t, path, &err), 0);
        ck_assert_int_eq(t.style[CR_NORMAL].fg, i);
        ck_assert_int_eq(t.style[CR_NORMAL].bg, 15 - i);
        ck_assert_uint_eq(t.style[CR_NORMAL].attrs,
                          STYLE_BOLD | STYLE_REVERSE | STYLE_UNDERLINE | STYLE_DIM);
        free(path);
        free(text);
    }
}
END_TEST

START_TEST(file_name_is_the_theme_name)
{
    char *path = tmp_text("no-suffix", "normal = red\n");
    Theme t;
    char *err = NULL;
    theme_default(&t);
    ck_assert_int_eq(theme_load_file(&t, path, &err), 0);
    ck_assert_str_eq(t.name, "no-suffix");
    free(path);
    char long_name[120];
    memset(long_name, 'n', 100);
    strcpy(long_name + 100, ".theme");
    path = tmp_text(long_name, "normal = red\n");
    ck_assert_int_eq(theme_load_file(&t, path, &err), 0);
    ck_assert_uint_eq(strlen(t.name), sizeof t.name - 1);
    free(path);
}
END_TEST

/* ---- theme file errors, each with its file:line ----------------------------------------- */

START_TEST(errors_about_roles)
{
    expect_theme_error_text("a.theme", "# ok\nnormal = default\npointr = cyan\n", 3,
                            "unknown role 'pointr' (did you mean 'pointer'?)");
    expect_theme_error_text("b.theme", "status key = red\n", 1,
                            "unknown role 'status key' (did you mean 'status-key'?)");
    expect_theme_error_text("c.theme", "\n\nbackground = black\n", 3,
                            "unknown role 'background' (the roles are listed in "
                            "assets/themes/README.md)");
    expect_theme_error_text("d.theme", "name = Classroom\n", 1,
                            "'name' is not a role: a theme is named after its file "
                            "(dark.theme is the theme 'dark')");
    expect_theme_error_text("e.theme", "normal = red\n = red\n", 2,
                            "missing name before '=' (expected 'ROLE = STYLE')");
}
END_TEST

START_TEST(errors_about_styles)
{
    expect_theme_error_text("a.theme", "title = bold\npointer = magneta\n", 2,
                            "unknown colour or attribute 'magneta' (did you mean 'magenta'?)");
    expect_theme_error_text("b.theme", "pointer = purple\n", 1,
                            "unknown colour or attribute 'purple' " WORDS_HELP);
    expect_theme_error_text("c.theme", "pointer = cyan blink\n", 1,
                            "unknown colour or attribute 'blink' " WORDS_HELP);
    expect_theme_error_text("d.theme", "pointer = cyan undrline\n", 1,
                            "unknown colour or attribute 'undrline' (did you mean "
                            "'underline'?)");
    expect_theme_error_text("e.theme", "title = white on purple\n", 1,
                            "unknown colour 'purple' " COLOURS_HELP);
    expect_theme_error_text("f.theme", "title = white on bold\n", 1,
                            "unknown colour 'bold' " COLOURS_HELP);
    expect_theme_error_text("g.theme", "title = white blue\n", 1,
                            "two foreground colours 'white' and 'blue' (write 'white on blue' "
                            "for a background)");
    expect_theme_error_text("h.theme", "title = white on blue on red\n", 1,
                            "two background colours (only one 'on' per line)");
    expect_theme_error_text("i.theme", "title = white on\n", 1,
                            "'on' must be followed by a background colour");
    expect_theme_error_text("j.theme", "title =   # nothing\n", 1,
                            "missing style after '=' for 'title' (for example: title = cyan "
                            "bold)");
}
END_TEST

START_TEST(errors_about_lines)
{
    expect_theme_error_text("a.theme", "normal = red\n\n# c\npointer cyan\n", 4,
                            "expected 'ROLE = STYLE', found 'pointer cyan' (no '=')");
    /* 1024 bytes is fine, 1025 is too long. */
    char line[1100];
    memset(line, ' ', sizeof line);
    memcpy(line, "normal = red", 12);
    line[1024] = '\n';
    char *path = tmp_file("ok.theme", line, 1025);
    Theme t;
    char *err = NULL;
    ck_assert_int_eq(theme_load_file(&t, path, &err), 0);
    free(path);
    char text[1200] = "normal = red\n";
    memset(text + 13, '#', 1025);
    strcpy(text + 13 + 1025, "\nnormal = blue\n");
    expect_theme_error_text("b.theme", text, 2, "line is too long (more than 1024 bytes)");
    expect_theme_error_text("c.theme", "normal = red\n\n# caf\xE9\n", 3,
                            "invalid UTF-8 (save the file as UTF-8 text)");
    expect_theme_error_text("d.theme", "normal = red \xC0\xAF\n", 1,
                            "invalid UTF-8 (save the file as UTF-8 text)");
    static const char with_nul[] = "normal = red\nx\0y = 1\n";
    expect_theme_error("e.theme", with_nul, sizeof with_nul - 1, 2,
                       "NUL byte: this does not look like a text file");
}
END_TEST

START_TEST(errors_leave_nothing_half_applied)
{
    /* Four good lines, then a bad one: none of the four is kept (the helper checks that the
     * theme is exactly the default afterwards). */
    expect_theme_error_text("a.theme",
                            "normal = red\npointer = green\nheader = blue\ndata = black\n"
                            "title = blink\n",
                            5, "unknown colour or attribute 'blink' " WORDS_HELP);
}
END_TEST

START_TEST(errors_escape_what_they_quote)
{
    char *path = tmp_text("esc.theme", "\x1b[2J = red\n");
    Theme t;
    char *err = NULL;
    ck_assert_int_eq(theme_load_file(&t, path, &err), -1);
    ck_assert_ptr_null(strchr(err, '\x1b'));
    ck_assert_ptr_nonnull(strstr(err, ":1: unknown role '\\x1b[2J'"));
    free(err);
    free(path);
    /* Long words are cut in the message. */
    char text[200];
    memset(text, 'x', 120);
    strcpy(text + 120, " = red\n");
    path = tmp_text("long.theme", text);
    ck_assert_int_eq(theme_load_file(&t, path, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, ":1: unknown role 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'"));
    free(err);
    free(path);
    /* No message wanted: still fails cleanly. */
    path = tmp_text("nomsg.theme", "oops\n");
    fill_unset(&t);
    ck_assert_int_eq(theme_load_file(&t, path, NULL), -1);
    assert_is_default(&t);
    free(path);
}
END_TEST

START_TEST(errors_about_the_file)
{
    Theme t;
    char *err = NULL, *want;

    char *missing = xasprintf("%s/missing.theme", tmpdir);
    fill_unset(&t);
    ck_assert_int_eq(theme_load_file(&t, missing, &err), -1);
    want = xasprintf("%s:0: cannot open: %s", missing, strerror(ENOENT));
    ck_assert_str_eq(err, want);
    assert_is_default(&t);
    free(want), free(err), free(missing);

    char *dir = tmp_file("folder.theme", NULL, 0);
    fill_unset(&t);
    ck_assert_int_eq(theme_load_file(&t, dir, &err), -1);
    want = xasprintf("%s:0: is a folder, not a file", dir);
    ck_assert_str_eq(err, want);
    assert_is_default(&t);
    free(want), free(err), free(dir);

    char *fifo = xasprintf("%s/pipe.theme", tmpdir);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    fill_unset(&t);
    ck_assert_int_eq(theme_load_file(&t, fifo, &err), -1);
    want = xasprintf("%s:0: is not a regular file", fifo);
    ck_assert_str_eq(err, want);
    assert_is_default(&t);
    free(want), free(err), free(fifo);

    /* 64 KiB of comments is fine; one byte more is too large. */
    size_t n = 64 * 1024;
    char *big = xmalloc(n + 1);
    memset(big, '#', n + 1);
    for (size_t i = 99; i < n + 1; i += 100)
        big[i] = '\n';
    char *path = tmp_file("big.theme", big, n);
    ck_assert_int_eq(theme_load_file(&t, path, &err), 0);
    free(path);
    expect_theme_error("huge.theme", big, n + 1, 0,
                       "file is too large (65537 bytes; the limit is 65536)");
    free(big);

    path = tmp_text("locked.theme", "normal = red\n");
    ck_assert_int_eq(chmod(path, 0), 0);
    if (access(path, R_OK) != 0) { /* root reads anything: nothing to test then */
        fill_unset(&t);
        ck_assert_int_eq(theme_load_file(&t, path, &err), -1);
        want = xasprintf("%s:0: cannot open: %s", path, strerror(EACCES));
        ck_assert_str_eq(err, want);
        assert_is_default(&t);
        free(want), free(err);
    }
    free(path);

    fill_unset(&t);
    ck_assert_int_eq(theme_load_file(&t, NULL, &err), -1);
    ck_assert_str_eq(err, "(no file):0: no theme file given");
    assert_is_default(&t);
    free(err);
}
END_TEST

/* ---- theme_load_named ------------------------------------------------------------------- */

static void expect_bad_name(const char *name, const char *message)
{
    const char *const dirs[] = {"assets/themes", NULL};
    Theme t;
    fill_unset(&t);
    char *err = NULL;
    ck_assert_int_eq(theme_load_named(&t, name, dirs, &err), -1);
    ck_assert_str_eq(err, message);
    assert_is_default(&t);
    free(err);
}

START_TEST(named_rejects_bad_names)
{
    expect_bad_name("../dark", "invalid theme name '../dark': a name cannot contain '/' "
                               "(write the file's name without '.theme', like 'dark')");
    expect_bad_name("themes/dark", "invalid theme name 'themes/dark': a name cannot contain "
                                   "'/' (write the file's name without '.theme', like 'dark')");
    expect_bad_name("/etc/passwd", "invalid theme name '/etc/passwd': a name cannot contain "
                                   "'/' (write the file's name without '.theme', like 'dark')");
    expect_bad_name(".hidden", "invalid theme name '.hidden': a name cannot start with '.'");
    expect_bad_name("..", "invalid theme name '..': a name cannot start with '.'");
    expect_bad_name("", "the theme name is empty");
    expect_bad_name(NULL, "the theme name is empty");
    expect_bad_name("dark.theme",
                    "invalid theme name 'dark.theme': write it without '.theme' (like 'dark')");
    expect_bad_name("a\x1b[2Jb",
                    "invalid theme name 'a\\x1b[2Jb': it contains a control character");
    char long_name[80];
    memset(long_name, 'x', 64);
    long_name[64] = '\0';
    expect_bad_name(long_name, "the theme name is too long (at most 63 bytes)");
}
END_TEST

START_TEST(named_finds_the_first_match)
{
    char *one = tmp_file("one", NULL, 0), *two = tmp_file("two", NULL, 0);
    char *a = tmp_text("two/class.theme", "pointer = red\n");
    const char *const dirs[] = {one, two, "assets/themes", NULL};
    Theme t;
    char *err = NULL;
    theme_default(&t);
    ck_assert_int_eq(theme_load_named(&t, "class", dirs, &err), 0);
    ck_assert_ptr_null(err);
    ck_assert_str_eq(t.name, "class");
    ck_assert_int_eq(t.style[CR_POINTER].fg, 1);

    /* A user's own "dark" in the first folder wins over the shipped one. */
    char *b = tmp_text("one/dark.theme", "pointer = green\n");
    ck_assert_int_eq(theme_load_named(&t, "dark", dirs, &err), 0);
    ck_assert_int_eq(t.style[CR_POINTER].fg, 2);

    /* The shipped themes by name, from the repository root; dark is the default. */
    for (size_t i = 0; i < N_SHIPPED; i++) {
        const char *const shipped_dir[] = {"assets/themes/", NULL};
        fill_unset(&t);
        ck_assert_int_eq(theme_load_named(&t, shipped[i], shipped_dir, &err), 0);
        ck_assert_str_eq(t.name, shipped[i]);
    }
    const char *const shipped_dir[] = {"", "assets/themes", NULL};
    theme_default(&t);
    ck_assert_int_eq(theme_load_named(&t, "dark", shipped_dir, &err), 0);
    assert_is_default(&t);
    free(a), free(b), free(one), free(two);
}
END_TEST

START_TEST(named_reports_where_it_looked)
{
    char *one = tmp_file("one", NULL, 0);
    char *file = tmp_text("not-a-folder", "x");
    const char *const dirs[] = {one, file, "assets/themes", NULL};
    Theme t;
    char *err = NULL;
    fill_unset(&t);
    ck_assert_int_eq(theme_load_named(&t, "solarized", dirs, &err), -1);
    char *want = xasprintf("theme 'solarized' not found: looked for solarized.theme in %s, %s, "
                           "assets/themes", one, file);
    ck_assert_str_eq(err, want);
    assert_is_default(&t);
    free(want), free(err);

    const char *const none[] = {NULL};
    ck_assert_int_eq(theme_load_named(&t, "dark", none, &err), -1);
    ck_assert_str_eq(err, "theme 'dark' not found: no theme folders to look in");
    free(err);
    ck_assert_int_eq(theme_load_named(&t, "dark", NULL, &err), -1);
    ck_assert_str_eq(err, "theme 'dark' not found: no theme folders to look in");
    free(err);

    /* Found but broken: that error, not the next folder's theme. */
    char *broken = tmp_text("one/dark.theme", "pointer = cyan\npointer = nope nope\n");
    const char *const dirs2[] = {one, "assets/themes", NULL};
    fill_unset(&t);
    ck_assert_int_eq(theme_load_named(&t, "dark", dirs2, &err), -1);
    want = xasprintf("%s:2: unknown colour or attribute 'nope' " WORDS_HELP, broken);
    ck_assert_str_eq(err, want);
    assert_is_default(&t);
    free(want), free(err), free(broken), free(one), free(file);
}
END_TEST

/* ---- the config file -------------------------------------------------------------------- */

static void expect_config_error(const char *text, unsigned line, const char *message)
{
    char *path = tmp_text("config", text);
    Config c;
    strcpy(c.theme, "garbage");
    char *err = NULL;
    ck_assert_int_eq(config_load(&c, path, &err), -1);
    char *want = xasprintf("%s:%u: %s", path, line, message);
    ck_assert_str_eq(err, want);
    ck_assert_str_eq(c.theme, "");
    free(want), free(err), free(path);
}

START_TEST(config_reads_the_theme)
{
    Config c;
    char *err = NULL;
    char *path = tmp_text("config", "# objscope settings\n\n  Theme =  high-contrast  # class\n");
    strcpy(c.theme, "garbage");
    ck_assert_int_eq(config_load(&c, path, &err), 0);
    ck_assert_ptr_null(err);
    ck_assert_str_eq(c.theme, "high-contrast");
    free(path);

    path = tmp_text("config", "# nothing set\n");
    strcpy(c.theme, "garbage");
    ck_assert_int_eq(config_load(&c, path, &err), 0);
    ck_assert_str_eq(c.theme, "");
    free(path);

    path = tmp_text("config", "theme = light\ntheme = dark\n");
    ck_assert_int_eq(config_load(&c, path, &err), 0);
    ck_assert_str_eq(c.theme, "dark");
    free(path);
}
END_TEST

START_TEST(config_missing_file_is_defaults)
{
    Config c;
    char *err = NULL;
    char *path = xasprintf("%s/nowhere/objscope/config", tmpdir);
    strcpy(c.theme, "garbage");
    ck_assert_int_eq(config_load(&c, path, &err), 0);
    ck_assert_ptr_null(err);
    ck_assert_str_eq(c.theme, "");
    free(path);
    strcpy(c.theme, "garbage");
    ck_assert_int_eq(config_load(&c, NULL, &err), 0);
    ck_assert_str_eq(c.theme, "");
}
END_TEST

START_TEST(config_errors)
{
    expect_config_error("# settings\nthem = light\n", 2,
                        "unknown setting 'them' (did you mean 'theme'?)");
    expect_config_error("colour = red\n", 1,
                        "unknown setting 'colour' (the only setting is 'theme = NAME')");
    expect_config_error("theme light\n", 1, "expected 'KEY = VALUE', found 'theme light' (no '=')");
    expect_config_error("theme =\n", 1,
                        "missing theme name after '=' (for example: theme = light)");
    expect_config_error("\n\ntheme = ../../etc/x\n", 3,
                        "invalid theme name '../../etc/x': a name cannot contain '/' (write "
                        "the file's name without '.theme', like 'dark')");
    expect_config_error("theme = .x\n", 1, "invalid theme name '.x': a name cannot start with '.'");
    expect_config_error("theme = light.theme\n", 1,
                        "invalid theme name 'light.theme': write it without '.theme' (like "
                        "'dark')");
    expect_config_error("theme = \xff\n", 1, "invalid UTF-8 (save the file as UTF-8 text)");
    expect_config_error("theme = xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
                        1, "the theme name is too long (at most 63 bytes)");
    /* A folder where the file should be. */
    char *dir = tmp_file("configdir", NULL, 0);
    Config c;
    char *err = NULL;
    ck_assert_int_eq(config_load(&c, dir, &err), -1);
    char *want = xasprintf("%s:0: is a folder, not a file", dir);
    ck_assert_str_eq(err, want);
    free(want), free(err), free(dir);
}
END_TEST

START_TEST(config_default_path_follows_xdg)
{
    char *p;
    setenv("HOME", "/home/learner", 1);
    setenv("XDG_CONFIG_HOME", "/srv/cfg", 1);
    p = config_default_path();
    ck_assert_str_eq(p, "/srv/cfg/objscope/config");
    free(p);
    setenv("XDG_CONFIG_HOME", "/srv/cfg/", 1);
    p = config_default_path();
    ck_assert_str_eq(p, "/srv/cfg/objscope/config");
    free(p);
    /* Not absolute, or empty: ignored, as the XDG spec says. */
    setenv("XDG_CONFIG_HOME", "relative/cfg", 1);
    p = config_default_path();
    ck_assert_str_eq(p, "/home/learner/.config/objscope/config");
    free(p);
    setenv("XDG_CONFIG_HOME", "", 1);
    p = config_default_path();
    ck_assert_str_eq(p, "/home/learner/.config/objscope/config");
    free(p);
    unsetenv("XDG_CONFIG_HOME");
    p = config_default_path();
    ck_assert_str_eq(p, "/home/learner/.config/objscope/config");
    free(p);
    setenv("HOME", "/home/learner//", 1);
    p = config_default_path();
    ck_assert_str_eq(p, "/home/learner/.config/objscope/config");
    free(p);
    setenv("HOME", "/", 1);
    p = config_default_path();
    ck_assert_str_eq(p, "/.config/objscope/config");
    free(p);
    setenv("HOME", "", 1);
    ck_assert_ptr_null(config_default_path());
    setenv("HOME", "not/absolute", 1);
    ck_assert_ptr_null(config_default_path());
    unsetenv("HOME");
    ck_assert_ptr_null(config_default_path());
    setenv("XDG_CONFIG_HOME", "/srv/cfg", 1);
    p = config_default_path();
    ck_assert_str_eq(p, "/srv/cfg/objscope/config");
    free(p);
}
END_TEST

Suite *theme_suite(void)
{
    Suite *s = suite_create("theme");
    TCase *tc = tcase_create("shipped");
    tcase_add_test(tc, role_names_are_the_file_names);
    tcase_add_test(tc, default_is_sane);
    tcase_add_test(tc, shipped_themes_parse_and_set_every_role);
    tcase_add_test(tc, dark_theme_file_is_the_default);
    tcase_add_test(tc, shipped_themes_keep_roles_apart);
    tcase_add_test(tc, high_contrast_is_for_projectors);
    tcase_add_test(tc, light_theme_avoids_pale_text);
    suite_add_tcase(s, tc);

    tc = tcase_create("files");
    tcase_add_checked_fixture(tc, make_tmpdir, remove_tmpdir);
    tcase_add_test(tc, format_is_forgiving_where_it_is_clear);
    tcase_add_test(tc, every_colour_and_attribute);
    tcase_add_test(tc, file_name_is_the_theme_name);
    tcase_add_test(tc, errors_about_roles);
    tcase_add_test(tc, errors_about_styles);
    tcase_add_test(tc, errors_about_lines);
    tcase_add_test(tc, errors_leave_nothing_half_applied);
    tcase_add_test(tc, errors_escape_what_they_quote);
    tcase_add_test(tc, errors_about_the_file);
    tcase_add_test(tc, named_rejects_bad_names);
    tcase_add_test(tc, named_finds_the_first_match);
    tcase_add_test(tc, named_reports_where_it_looked);
    suite_add_tcase(s, tc);

    tc = tcase_create("config");
    tcase_add_checked_fixture(tc, make_tmpdir, remove_tmpdir);
    tcase_add_test(tc, config_reads_the_theme);
    tcase_add_test(tc, config_missing_file_is_defaults);
    tcase_add_test(tc, config_errors);
    tcase_add_test(tc, config_default_path_follows_xdg);
    suite_add_tcase(s, tc);
    return s;
}
