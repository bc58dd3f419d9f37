/* kinds/number.c — (describer being written) */
#include "layout/builder.h"
