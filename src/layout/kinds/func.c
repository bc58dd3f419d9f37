/* kinds/func.c — (describer being written) */
#include "layout/builder.h"
