/* memory.c — being written */
