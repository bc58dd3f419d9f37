/* kinds/str.c — (describer being written) */
#include "layout/builder.h"
