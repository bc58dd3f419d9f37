/* kinds/misc.c — (describer being written) */
#include "layout/builder.h"
