/* kinds/dict.c — (describer being written) */
#include "layout/builder.h"
