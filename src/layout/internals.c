/* internals.c — being written */
