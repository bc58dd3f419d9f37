/* kinds/instance.c — (describer being written) */
#include "layout/builder.h"
