/* colors.c — theme roles to curses attributes (see colors.h). */
#include "ui/colors.h"

static attr_t role_attr[CR_COUNT];
static bool enabled;

static attr_t style_bits(unsigned s)
{
    return (s & STYLE_BOLD ? A_BOLD : 0) | (s & STYLE_REVERSE ? A_REVERSE : 0) |
           (s & STYLE_UNDERLINE ? A_UNDERLINE : 0) | (s & STYLE_DIM ? A_DIM : 0);
}

/* Without colour, these attributes keep roles apart. */
static attr_t mono_attr(ColorRole r)
{
    switch (r) {
    case CR_TITLE: case CR_STATUS: case CR_SELECTION: case CR_POPUP_SELECTED: return A_REVERSE;
    case CR_STATUS_KEY: return A_REVERSE | A_BOLD;
    case CR_HEADER: case CR_SECTION: case CR_KEYWORD: case CR_PROMPT: case CR_ERROR:
    case CR_WARNING: return A_BOLD;
    case CR_CHANGED: return A_BOLD | A_UNDERLINE;
    case CR_POINTER: return A_UNDERLINE;
    case CR_UNUSED: case CR_PADDING: case CR_COMMENT: case CR_HIDDEN: return A_DIM;
    default: return A_NORMAL;
    }
}

static short clamp_color(short c)
{
    if (c < 0)
        return -1;
    return c >= COLORS ? (short)(c % 8) : c; /* 8-colour terminals: bright -> plain */
}

void colors_init(const Theme *t, bool use_color)
{
    enabled = use_color && has_colors() && start_color() == OK && COLORS >= 8;
    if (enabled)
        use_default_colors();
    for (int r = 0; r < CR_COUNT; r++) {
        if (!enabled) {
            role_attr[r] = mono_attr((ColorRole)r);
            continue;
        }
        init_pair((short)(r + 1), clamp_color(t->style[r].fg), clamp_color(t->style[r].bg));
        role_attr[r] = COLOR_PAIR(r + 1) | style_bits(t->style[r].attrs);
    }
}

attr_t colors_attr(ColorRole r)
{
    return r < CR_COUNT ? role_attr[r] : A_NORMAL;
}

bool colors_enabled(void)
{
    return enabled;
}

ColorRole colors_for_layout_role(LayoutRole r)
{
    static const ColorRole map[ROLE_COUNT] = {
        [ROLE_HEADER] = CR_HEADER, [ROLE_PAYLOAD] = CR_PAYLOAD, [ROLE_POINTER] = CR_POINTER,
        [ROLE_DATA] = CR_DATA,     [ROLE_HIDDEN] = CR_HIDDEN,   [ROLE_PADDING] = CR_PADDING,
        [ROLE_UNUSED] = CR_UNUSED, [ROLE_OPAQUE] = CR_OPAQUE,
    };
    return (unsigned)r < ROLE_COUNT ? map[r] : CR_NORMAL;
}

ColorRole colors_for_highlight(HighlightKind k)
{
    static const ColorRole map[HL_KIND_COUNT] = {
        [HL_TEXT] = CR_NORMAL, [HL_KEYWORD] = CR_KEYWORD, [HL_BUILTIN] = CR_BUILTIN,
        [HL_STRING] = CR_STRING, [HL_NUMBER] = CR_NUMBER, [HL_COMMENT] = CR_COMMENT,
    };
    return (unsigned)k < HL_KIND_COUNT ? map[k] : CR_NORMAL;
}
