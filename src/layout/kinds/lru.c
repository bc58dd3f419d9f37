/* kinds/lru.c — (describer being written) */
#include "layout/builder.h"
