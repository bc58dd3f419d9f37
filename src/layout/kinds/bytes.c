/* kinds/bytes.c — (describer being written) */
#include "layout/builder.h"
