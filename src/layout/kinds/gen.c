/* kinds/gen.c — (describer being written) */
#include "layout/builder.h"
