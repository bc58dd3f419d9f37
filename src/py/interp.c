/* interp.c — being written */
