/* kinds/type.c — (describer being written) */
#include "layout/builder.h"
