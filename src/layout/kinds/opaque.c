/* kinds/opaque.c — (describer being written) */
#include "layout/builder.h"
