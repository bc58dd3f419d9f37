/* kinds/seq.c — (describer being written) */
#include "layout/builder.h"
