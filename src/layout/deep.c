/* deep.c — being written */
