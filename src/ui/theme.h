/* theme.h — colour roles and the theme/config files that style them. Pure parsing, no curses
 * (ui/colors.c turns a Theme into curses pairs). Themes live in assets/themes/NAME.theme; the
 * user's config is $XDG_CONFIG_HOME/objscope/config. A broken file gives a message naming the
 * file and line, and objscope carries on with defaults. */
#ifndef OBJSCOPE_THEME_H
#define OBJSCOPE_THEME_H

#include <stdbool.h>

typedef enum {
    CR_NORMAL, CR_TITLE, CR_STATUS, CR_STATUS_KEY, CR_PROMPT, CR_OUTPUT, CR_ERROR, CR_INFO,
    CR_RESULT, CR_SELECTION, CR_SECTION, CR_HEADER, CR_PAYLOAD, CR_POINTER, CR_DATA, CR_HIDDEN,
    CR_PADDING, CR_UNUSED, CR_OPAQUE, CR_KEYWORD, CR_STRING, CR_NUMBER, CR_COMMENT, CR_BUILTIN,
    CR_POPUP, CR_POPUP_SELECTED, CR_WARNING, CR_CHANGED,
    CR_COUNT
} ColorRole;

/* Attribute bits (mapped to curses A_* by ui/colors.c). */
enum { STYLE_BOLD = 1, STYLE_REVERSE = 2, STYLE_UNDERLINE = 4, STYLE_DIM = 8 };

typedef struct {
    short fg, bg;    /* -1 = terminal default; 0..7 = black red green yellow blue magenta cyan
                        white; 8..15 = their bright versions */
    unsigned attrs;  /* STYLE_* */
} RoleStyle;

typedef struct {
    char name[64];
    RoleStyle style[CR_COUNT];
} Theme;

/* The role's name as written in theme files ("pointer", "status-key", ...). */
const char *theme_role_name(ColorRole r);
/* The role of that name; CR_NORMAL for a name that is none. */
ColorRole theme_role_named(const char *name);

/* The built-in dark theme (what objscope uses when no theme file can be read). */
void theme_default(Theme *t);

/* Parse a theme file over t (roles it does not mention keep their style). 0, or -1 with
 * *err = "FILE:LINE: message" (owned); t is left as the defaults on error. */
int theme_load_file(Theme *t, const char *path, char **err);

/* Find NAME.theme in the folders (NULL-terminated list, first match wins) and load it. */
int theme_load_named(Theme *t, const char *name, const char *const *dirs, char **err);

typedef struct {
    char theme[64]; /* "" = default */
} Config;

/* $XDG_CONFIG_HOME/objscope/config (or ~/.config/objscope/config); owned, NULL if no home. */
char *config_default_path(void);
/* Read the config file (missing file = defaults, returns 0). -1 with *err "FILE:LINE: ..." */
int config_load(Config *c, const char *path, char **err);

#endif
