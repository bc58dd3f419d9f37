/* builder.c — being written */
