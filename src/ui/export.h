/* export.h — pictures written from the explorer (:export FILE.svg, :export FILE.txt): the
 * memory diagram or, while it shows, the references picture, as --dump / --svg / --refs would
 * write them, in the explorer's theme; written atomically, asking before a file is replaced.
 * Also the theme-to-SVG colours that --svg uses. */
#ifndef OBJSCOPE_EXPORT_H
#define OBJSCOPE_EXPORT_H

#include <stdbool.h>

#include "render/render.h"
#include "ui/theme.h"

typedef struct App App;

/* The SVG renderer's colours for a theme: each TextStyle takes the theme role it is named for. */
void export_svg_colors(const Theme *t, SvgColors *out);

/* The picture as FILE's extension asks (.svg, else text), of a layout or of a references
 * graph (exactly one of them): owned text. */
char *export_layout(const Layout *l, const char *title, bool svg, bool ascii, const Theme *t);
char *export_refs(const RefsGraph *g, bool svg, bool ascii, const Theme *t);

/* :export FILE — what the diagram's pane shows, to FILE (.svg or .txt). */
void export_command(App *a, const char *args);

#endif
