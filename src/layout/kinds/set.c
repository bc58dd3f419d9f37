/* kinds/set.c — (describer being written) */
#include "layout/builder.h"
