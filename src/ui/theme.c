/* theme.c — being written */
#include "ui/theme.h"
